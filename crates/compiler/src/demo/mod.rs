//! Writes fictional demonstration source tables (owned by DEMO; placeholder until it lands).
