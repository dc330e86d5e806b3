//! Nothing to build: the tests (`tests/snippets.rs`) check that every snippet of the
//! READMEs is a file of a crate under `examples/` that CI builds, and that the figures
//! the READMEs quote are the generator's.
