"""HOT template versions and the version each feature first appeared in.

Versions are ISO dates, so plain string comparison orders them; the
release names (``newton`` ...) are aliases that the loader resolves.
"""

from __future__ import annotations

V2013_05_23 = '2013-05-23'
V2014_10_16 = '2014-10-16'
V2015_04_30 = '2015-04-30'
V2015_10_15 = '2015-10-15'
V2016_04_08 = '2016-04-08'
V2016_10_14 = '2016-10-14'
V2017_02_24 = '2017-02-24'
V2017_09_01 = '2017-09-01'
V2018_03_02 = '2018-03-02'
V2018_08_31 = '2018-08-31'
V2021_04_16 = '2021-04-16'

#: every version, oldest first, with its release-name alias (if any)
VERSIONS = (
    (V2013_05_23, None),
    (V2014_10_16, None),
    (V2015_04_30, None),
    (V2015_10_15, None),
    (V2016_04_08, None),
    (V2016_10_14, 'newton'),
    (V2017_02_24, 'ocata'),
    (V2017_09_01, 'pike'),
    (V2018_03_02, 'queens'),
    (V2018_08_31, 'rocky'),
    (V2021_04_16, 'wallaby'),
)

#: template keys (sections, resource and output keys, parameter keys and
#: constraints) that a version only accepts from the given date
FEATURES = {
    'conditions': V2016_10_14,          # the section
    'condition': V2016_10_14,           # resource and output key
    'external_id': V2016_10_14,         # resource key
    'lower_case_deletion_policy': V2016_10_14,
    'modulo': V2017_02_24,              # parameter constraint
    'permutations': V2017_09_01,        # repeat argument
    'tags': V2018_03_02,                # parameter key
}


def has(version: str, feature: str) -> bool:
    """Whether templates of ``version`` have ``feature`` (a FEATURES key)."""
    return version >= FEATURES[feature]


def since_note(feature: str) -> str:
    """' (available from heat_template_version X)' for messages."""
    return ' (available from heat_template_version %s)' % FEATURES[feature]
