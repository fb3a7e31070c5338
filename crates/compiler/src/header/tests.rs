//! Unit tests of `header`.

use super::*;
