"""Console entry points of the server-side commands."""
