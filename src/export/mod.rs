//! PURE: summaries out to Markdown, HTML, JSON and CSV. (Filled in by the export issue.)
