"""The template language: documents, formats, functions and validation."""
