"""What every syndication feed of the portal shares."""


def joined(response):
    """Serve a feed's body as one piece.

    Django's syndication feeds write their body in hundreds of small pieces, and a
    gunicorn sync worker sends each piece separately: a cached feed ran at about 11 % of
    a plain view's speed until its body was joined (ARCHITECTURE.md, feeds trap).
    """
    response.content = response.content
    return response
