from luntan.core.errors import RefusedWrite

# What every posting service raises and posting's views catch; credits' InsufficientCredits is
# one too (a post whose rule costs more than the member has).
PostingError = RefusedWrite


class FloodControlError(PostingError):
    """Posted again sooner than the flood interval allows; trying later will work."""
