//! Roles and affiliations of actors. (First version: the extraction-engine issue completes it.)

use crate::model::Analysis;

use super::text::Doc;

pub fn find(_doc: &Doc, _analysis: &mut Analysis) {}
