//! Writes the registry's index files (owned by SEARCH; placeholder until it lands).
