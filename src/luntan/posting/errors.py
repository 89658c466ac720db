from luntan.core.errors import RefusedWrite

# What every posting service raises and posting's views catch; credits' InsufficientCredits is
# one too (a post whose rule costs more than the member has).
PostingError = RefusedWrite
