class PostingError(Exception):
    """A write the rules refuse; the message is shown to the member as it is."""


class FloodControlError(PostingError):
    """Posted again sooner than the flood interval allows; trying later will work."""
