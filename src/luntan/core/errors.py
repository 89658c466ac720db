class RefusedWrite(Exception):
    """A write the rules refuse; the message is shown to the member as it is. Each app names its
    own kind (`posting.errors.PostingError`, `credits.services.InsufficientCredits`), and views
    catch this one: the apps that raise it need not know each other."""
