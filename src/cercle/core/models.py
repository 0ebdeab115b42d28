from django.db import models


class DataVersion(models.Model):
    """How many times the data of one domain changed: the key of its cached page fragments.

    `cercle.core.pagecache` bumps the row of a domain after every committed write to one of its
    tables, so a fragment cached under the old version is never served again.
    """

    topic = models.CharField(max_length=50, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.topic} v{self.version}"
