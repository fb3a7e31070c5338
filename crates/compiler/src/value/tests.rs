//! Unit tests of `value`.

use super::*;
