from django.db import models, transaction


class ForgetsCachesOnWrite(models.Model):
    """A configuration row that cached structures are built from. Saving or deleting one runs
    `forget_caches` once the transaction commits — not before, or a request running meanwhile
    could cache the old rows again."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        transaction.on_commit(type(self).forget_caches)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        transaction.on_commit(type(self).forget_caches)
        return result

    @classmethod
    def forget_caches(cls) -> None:
        raise NotImplementedError
