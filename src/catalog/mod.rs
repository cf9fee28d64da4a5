//! What tighten knows about AWS, compiled in and dated: the Lambda runtime lifecycle.

mod date;
pub mod runtimes;

pub use date::{Date, DateError};
