"""Example::Random::Word: one word picked at random from a list."""

from __future__ import annotations

import random

from heat_core.constraints import AllowedPattern, AllowedValues, Length
from heat_core.resources.resource import Resource, SupportStatus
from heat_core.resources.schema import INTEGER, LIST, STRING, Attribute, Schema
from heat_core.template import functions as fn

DEFAULT_WORDS = ['amber', 'birch', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'heron']
CASES = ('as_is', 'lower', 'upper', 'title')


class RandomWord(Resource):
    """Picks one word at random from a list when the stack is created.

    Handy for readable, unique-enough names. Changing ``salt`` picks again
    (the resource is replaced).
    """

    support_status = SupportStatus(version='0.1.0')

    properties_schema = {
        'words': Schema(
            LIST, 'The words to pick from.', default=DEFAULT_WORDS,
            constraints=[Length(min=1)],
            schema=Schema(STRING, 'A word: letters, digits, "-" or "_".',
                          constraints=[AllowedPattern('[A-Za-z0-9_-]+')])),
        'case': Schema(STRING, 'How to write the picked word.', default='as_is',
                       constraints=[AllowedValues(list(CASES))], update_allowed=True),
        'salt': Schema(STRING, 'Not used to pick: changing it picks again.'),
    }

    attributes_schema = {
        'word': Attribute('The picked word (the reference gives it too).', STRING),
        'length': Attribute('How many characters the word has.', INTEGER),
    }

    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        super().validate_definition(definition, ctx)
        props = definition.properties
        if not isinstance(props, dict):
            return
        words = fn.try_resolve(props.get('words'), ctx.scope)
        if not isinstance(words, list):
            return  # absent, unknown yet, or reported by the schema check
        seen = set()
        for i, word in enumerate(words):
            if word in seen:
                ctx.issues.warning(definition.key_path('properties') + ('words', i),
                                   'The word "%s" is listed more than once, so it is more '
                                   'likely to be picked' % word)
            if isinstance(word, str):
                seen.add(word)


def pick(words: list, case: str = 'as_is', rng: random.Random | None = None) -> str:
    """One word of ``words``, written as ``case`` says (what creating the
    resource stores)."""
    word = (rng or random.SystemRandom()).choice(words)
    if case == 'lower':
        return word.lower()
    if case == 'upper':
        return word.upper()
    if case == 'title':
        return word.title()
    return word
