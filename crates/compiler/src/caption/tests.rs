//! Unit tests of `caption`.

use super::*;
