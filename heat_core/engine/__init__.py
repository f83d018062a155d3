"""The stack engine: stacks and resources at run time, their persistence,
and the flows that create, update and delete them."""
