"""OpenStack Heat's utility resource types (OS::Heat::*)."""
