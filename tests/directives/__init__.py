"""Specifications of the directive extractor."""

import geonews


def roles(text):
    """(affected, destinations) of all the directives of a text, as written."""
    ex = geonews.extract(text)
    return ([p.mention.text for d in ex.directives for p in d.affected],
            [p.mention.text for d in ex.directives for p in d.destinations])
