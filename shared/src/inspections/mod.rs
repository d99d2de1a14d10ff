//! Routine inspections 服务例检/巡检: the checklist standards a visit is
//! done against (设备巡检标准 / 健康检查标准) and the rule that judges an
//! answer against its item. Both the server and the app apply these.

pub mod examples;
pub mod plans;
pub mod rhythm;
pub mod templates;
pub mod visits;
#[cfg(test)]
mod visits_tests;

pub use templates::*;
