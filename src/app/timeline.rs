//! Mentions over time as a bar chart (egui_plot), one bar per article date.

use eframe::egui::Ui;
use egui_plot::{Bar, BarChart, Plot};

use crate::store::TimelinePoint;

use super::widgets::{days_from_iso, iso_from_days};

/// How many bars a timeline draws at most before it groups days into months, then years:
/// thousands of one-day bars are slow to draw and too thin to see.
const MAX_BARS: usize = 120;

/// Bars for the dated points (undated or malformed dates are left out): one per day, or per
/// month or year when there would be more than [`MAX_BARS`].
pub fn bars(points: &[TimelinePoint]) -> Vec<Bar> {
    let dated: Vec<(&str, u64)> = points
        .iter()
        .filter(|p| days_from_iso(&p.date).is_some())
        .map(|p| (p.date.as_str(), p.count))
        .collect();
    // Group by a prefix of the ISO date: the day, the month or the year.
    for (len, suffix, width) in [(10, "", 1.0), (7, "-01", 28.0), (4, "-01-01", 360.0)] {
        let mut groups: Vec<(String, u64)> = Vec::new();
        for (date, count) in &dated {
            let key = date.get(..len).unwrap_or(date);
            match groups.last_mut() {
                Some((k, n)) if k == key => *n += count,
                _ => groups.push((key.to_owned(), *count)),
            }
        }
        if groups.len() <= MAX_BARS || len == 4 {
            return groups
                .into_iter()
                .filter_map(|(key, count)| {
                    let day = days_from_iso(&format!("{key}{suffix}"))?;
                    Some(
                        Bar::new(day as f64 + width / 2.0, count as f64)
                            .width(width)
                            .name(key),
                    )
                })
                .collect();
        }
    }
    Vec::new()
}

/// A timeline ready to draw: the bars are grouped once, when the points arrive (on the
/// worker), not in every frame.
#[derive(Clone, Default)]
pub struct Chart {
    bars: Vec<Bar>,
    first: f64,
    last: f64,
}

impl std::fmt::Debug for Chart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chart")
            .field("bars", &self.bars.len())
            .field("first", &self.first)
            .field("last", &self.last)
            .finish()
    }
}

impl Chart {
    pub fn new(points: &[TimelinePoint]) -> Self {
        let bars = bars(points);
        let first = bars
            .iter()
            .map(|b| b.argument)
            .fold(f64::INFINITY, f64::min);
        let last = bars
            .iter()
            .map(|b| b.argument)
            .fold(f64::NEG_INFINITY, f64::max);
        Self { bars, first, last }
    }

    pub fn is_empty(&self) -> bool {
        self.bars.is_empty()
    }
}

/// Draws the timeline, or a sentence when there is nothing dated to show.
pub fn timeline_ui(ui: &mut Ui, id: &str, chart: &Chart) {
    if chart.is_empty() {
        ui.weak("No dated articles yet.");
        return;
    }
    let color = ui.visuals().hyperlink_color;
    let (first, last) = (chart.first, chart.last);
    // Show at least a month around the data, so a single day is a bar, not a wall.
    let pad = ((30.0 - (last - first)) / 2.0).max(1.0);
    Plot::new(id)
        .include_x(first - pad)
        .include_x(last + pad)
        .height(130.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .include_y(0.0)
        // A date label centred on a tick near an edge would be cut ("996-11-20"): those
        // ticks go unlabelled.
        .x_axis_formatter(|mark, range| {
            let span = range.end() - range.start();
            let margin = span * 0.08;
            if mark.value < range.start() + margin || mark.value > range.end() - margin {
                String::new()
            } else {
                iso_from_days(mark.value.round() as i64)
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("mentions", chart.bars.clone()).color(color));
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
            days_from_iso("2021-11-08").unwrap_or(0) as f64 + 0.5
        );
    }

    #[test]
    fn many_days_are_grouped_into_months() {
        // Points arrive sorted by date, as the store returns them.
        let mut points = Vec::new();
        for month in 1..=12 {
            for day in 1..=20 {
                points.push(TimelinePoint {
                    date: format!("2020-{month:02}-{day:02}"),
                    count: 2,
                });
            }
        }
        let bars = bars(&points);
        assert_eq!(bars.len(), 12);
        assert!(bars.iter().all(|b| b.value == 40.0));
        assert_eq!(bars[0].name, "2020-01");
    }
}
