"""The embedded simulated cloud: Heat's default backend and test bed."""
