//! zhixin app.
