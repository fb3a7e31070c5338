//! Unit tests of `merge`.

use super::*;
