//! zhixin compiler: reads source tables and writes the registry.
