//! Standard benchmark instances solved with beatplan's engines: the contract's `solve` command.

pub mod cordeau;
pub mod pvrp_solver;
