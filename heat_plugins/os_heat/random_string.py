"""OS::Heat::RandomString: a random string, e.g. a password."""

from heat_core.constraints import AllowedValues, Range
from heat_core.errors import Unresolved
from heat_core.resources.resource import Resource, SupportStatus
from heat_core.resources.schema import INTEGER, LIST, MAP, STRING, Attribute, Schema
from heat_core.template import functions as fn

#: character class name -> its characters
CHARACTER_CLASSES = {
    'lettersdigits': 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    'letters': 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
    'lowercase': 'abcdefghijklmnopqrstuvwxyz',
    'uppercase': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    'digits': '0123456789',
    'hexdigits': '0123456789ABCDEF',
    'octdigits': '01234567',
}
_CLASS_NAMES = list(CHARACTER_CLASSES)


def _minimum(what: str) -> Schema:
    return Schema(INTEGER, 'How many characters of the generated string at least come '
                  'from this %s.' % what, default=1, constraints=[Range(1, 512)])


class RandomString(Resource):
    """Generates a random string once, when the stack is created.

    Useful for passwords and other secrets. The characters come from
    character classes and/or explicit character sequences, each with a
    minimum count; changing ``salt`` makes a new string.
    """

    support_status = SupportStatus(version='2014.1')

    properties_schema = {
        'length': Schema(INTEGER, 'Length of the string to generate.', default=32,
                         constraints=[Range(1, 512)]),
        'sequence': Schema(
            STRING, 'Characters to build the string from (the whole string comes from '
            'this one class).', constraints=[AllowedValues(_CLASS_NAMES)],
            support_status=SupportStatus(
                SupportStatus.HIDDEN, version='5.0.0',
                previous_status=SupportStatus(SupportStatus.DEPRECATED, version='2014.2',
                                              message='Use property character_classes.'))),
        'character_classes': Schema(
            LIST, 'Character classes to build the string from, each with a minimum count.',
            schema=Schema(MAP, schema={
                'class': Schema(STRING, 'A character class.', default='lettersdigits',
                                constraints=[AllowedValues(_CLASS_NAMES)]),
                'min': _minimum('class'),
            })),
        'character_sequences': Schema(
            LIST, 'Character sequences to build the string from, each with a minimum count.',
            schema=Schema(MAP, schema={
                'sequence': Schema(STRING, 'The characters to choose from.', required=True),
                'min': _minimum('sequence'),
            })),
        'salt': Schema(
            STRING, 'Not used to generate the string: changing it on a stack update '
            'replaces the resource, and so makes a new string.'),
    }

    attributes_schema = {
        'value': Attribute('The generated string (the reference gives it too).', STRING),
    }

    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        super().validate_definition(definition, ctx)
        props = definition.properties
        if not isinstance(props, dict):
            return
        path = definition.key_path('properties')
        if 'sequence' in props and ('character_classes' in props
                                    or 'character_sequences' in props):
            ctx.issues.error(path + ('sequence',), 'The deprecated property "sequence" cannot '
                             'be used with "character_classes" or "character_sequences"')
        minimum = 0
        for key in ('character_classes', 'character_sequences'):
            total = _sum_of_mins(props.get(key), ctx)
            if total is None:
                return  # not known before the stack exists
            minimum += total
        length = props.get('length', 32)
        if isinstance(length, fn.Function):
            length = fn.try_resolve(length, ctx.scope)
        try:
            length = int(length)
        except (TypeError, ValueError):
            return  # not known yet, or reported by the schema check
        if minimum > length:
            ctx.issues.error(path + ('length',) if 'length' in props else path,
                             'length (%d) is less than the sum of the character class and '
                             'character sequence minimums (%d)' % (length, minimum))

    def handle_create(self):
        if 'value' not in self.data:   # a retried create keeps the first string
            self.data_set('value', self._generate())
        # the physical id is a name, not the secret itself (it shows in resource
        # lists and events); Ref/get_resource still gives the value
        self.resource_id_set(self.physical_resource_name())

    def reference(self):
        return self.data.get('value', self.name)

    def resolve_attribute(self, name):
        return self.data.get('value') if name == 'value' else None

    def _generate(self) -> str:
        import secrets
        props = self.properties
        length = props.get('length') or 32
        pools = []          # (characters, minimum)
        if props.get('sequence'):
            pools.append((CHARACTER_CLASSES[props['sequence']], 0))
        for entry in props.get('character_classes') or []:
            pools.append((CHARACTER_CLASSES[entry.get('class') or 'lettersdigits'],
                          entry.get('min') or 1))
        for entry in props.get('character_sequences') or []:
            pools.append((entry['sequence'], entry.get('min') or 1))
        if not pools:
            pools = [(CHARACTER_CLASSES['lettersdigits'], 0)]
        chars = [secrets.choice(pool) for pool, minimum in pools for _ in range(minimum)]
        everything = ''.join(sorted(set(''.join(pool for pool, _ in pools))))
        chars += [secrets.choice(everything) for _ in range(max(0, length - len(chars)))]
        # shuffle so the required minimums are not always at the front
        for i in range(len(chars) - 1, 0, -1):
            j = secrets.randbelow(i + 1)
            chars[i], chars[j] = chars[j], chars[i]
        return ''.join(chars)


def _sum_of_mins(entries, ctx) -> int | None:
    """Sum of the ``min`` of each entry (default 1), or None if unknown."""
    if isinstance(entries, fn.Function):
        entries = fn.try_resolve(entries, ctx.scope)
        if entries is Unresolved:
            return None
    if not isinstance(entries, list):
        return 0  # absent, or reported by the schema check
    total = 0
    for entry in entries:
        if isinstance(entry, fn.Function):
            entry = fn.try_resolve(entry, ctx.scope)
        if not isinstance(entry, dict):
            if entry is Unresolved:
                return None
            continue
        value = entry.get('min', 1)
        if isinstance(value, fn.Function):
            value = fn.try_resolve(value, ctx.scope)
        try:
            total += int(value)
        except (TypeError, ValueError):
            return None
    return total
