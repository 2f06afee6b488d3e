"""The pipeline's stages, one module each: load, pair, validate, and the output stages."""
