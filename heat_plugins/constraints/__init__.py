"""Custom constraints (``heat.constraints`` plugins): ``custom_constraint:
nova.flavor`` in a template checks a value against the cloud's catalogue
(:mod:`.catalogue`) or against a format (:mod:`.network`, :mod:`.formats`)."""
