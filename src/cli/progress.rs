//! Renders pipeline progress on stderr with indicatif, only when stderr is a terminal.

use beatplan::pipeline::{Observer, Stage};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;

pub struct Bar {
    bar: Mutex<Option<ProgressBar>>,
    enabled: bool,
}

impl Bar {
    pub fn new(quiet: bool) -> Bar {
        Bar {
            bar: Mutex::new(None),
            enabled: !quiet && std::io::stderr().is_terminal(),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = self.bar.lock().ok().and_then(|mut b| b.take()) {
            b.finish_and_clear();
        }
    }
}

impl Observer for Bar {
    fn stage(&self, stage: Stage) {
        if !self.enabled {
            return;
        }
        if let Ok(mut slot) = self.bar.lock() {
            if let Some(b) = slot.take() {
                b.finish_and_clear();
            }
            let b = ProgressBar::new(0);
            b.set_style(
                ProgressStyle::with_template("{spinner} {msg} {bar:30} {pos}/{len} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b.set_message(stage.name());
            *slot = Some(b);
        }
    }

    fn progress(&self, done: u64, total: u64) {
        if let Some(b) = self.bar.lock().ok().as_ref().and_then(|s| s.as_ref()) {
            b.set_length(total);
            b.set_position(done);
        }
    }
}
