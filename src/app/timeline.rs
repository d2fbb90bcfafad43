//! Mentions over time as a bar chart (egui_plot), one bar per article date.

use eframe::egui::Ui;
use egui_plot::{Bar, BarChart, Plot};

use crate::store::TimelinePoint;

use super::widgets::{days_from_iso, iso_from_days};

/// Bars for the dated points (undated or malformed dates are left out).
pub fn bars(points: &[TimelinePoint]) -> Vec<Bar> {
    points
        .iter()
        .filter_map(|p| {
            let day = days_from_iso(&p.date)?;
            Some(
                Bar::new(day as f64, p.count as f64)
                    .width(1.0)
                    .name(&p.date),
            )
        })
        .collect()
}

/// Draws the timeline, or a sentence when there is nothing dated to show.
pub fn timeline_ui(ui: &mut Ui, id: &str, points: &[TimelinePoint]) {
    let bars = bars(points);
    if bars.is_empty() {
        ui.weak("No dated articles yet.");
        return;
    }
    let color = ui.visuals().selection.bg_fill;
    // Show at least a month around the data, so a single day is a bar, not a wall.
    let first = bars
        .iter()
        .map(|b| b.argument)
        .fold(f64::INFINITY, f64::min);
    let last = bars
        .iter()
        .map(|b| b.argument)
        .fold(f64::NEG_INFINITY, f64::max);
    let pad = ((30.0 - (last - first)) / 2.0).max(1.0);
    Plot::new(id)
        .include_x(first - pad)
        .include_x(last + pad)
        .height(130.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .include_y(0.0)
        .x_axis_formatter(|mark, _range| iso_from_days(mark.value.round() as i64))
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("mentions", bars).color(color));
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_dated_point() {
        let points = vec![
            TimelinePoint {
                date: "2021-11-08".into(),
                count: 3,
            },
            TimelinePoint {
                date: "not a date".into(),
                count: 1,
            },
        ];
        let bars = bars(&points);
        assert_eq!(bars.len(), 1);
        assert_eq!(bars[0].value, 3.0);
        assert_eq!(
            bars[0].argument,
            days_from_iso("2021-11-08").unwrap_or(0) as f64
        );
    }
}
