//! beatplan: route and visit-schedule optimisation for field account managers.
//!
//! The pipeline runs in one direction: [`io`] reads and validates the inputs into a
//! [`model::Problem`]; [`assign`] gives every client a manager per role; [`schedule`] picks
//! visit days; [`route`] orders each manager-day; [`check`] validates any plan independently.

pub mod assign;
pub mod check;
pub mod generate;
pub mod io;
pub mod model;
pub mod pipeline;
pub mod plan;
pub mod route;
pub mod schedule;
pub mod travel;

pub use model::Problem;
pub use plan::Plan;
pub mod bench;
pub mod metrics;
pub mod stop;
