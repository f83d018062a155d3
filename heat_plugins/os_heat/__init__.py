"""OpenStack Heat's utility resource types (OS::Heat::*).

``None`` (accepts anything, to switch a resource off), ``TestResource``
(knobs for testing), ``Value``, ``RandomString`` and ``ResourceGroup``:
their property, attribute and update-policy schemas are Heat's, and
``validate_definition`` adds each type's template-time rules.
"""
