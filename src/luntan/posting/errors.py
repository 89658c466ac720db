class PostingError(Exception):
    """A write the rules refuse; the message is shown to the member as it is."""
