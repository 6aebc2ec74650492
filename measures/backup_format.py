"""The backup's XML: every row with its own id, and only the rows `migrate`
rebuilds with new ids (content types, permissions) referred to by natural key.

Ids matter: the edit history refers to its objects by id. Referring to other
rows by id also spares a lookup per reference, and works for history that
names a row deleted since. `loaddata` reads the result as ordinary XML.
"""

from django.core.serializers import xml_serializer

FORMAT = "backup-xml"
# Made by `migrate` (and so not in a backup), with ids that differ between databases.
REBUILT_MODELS = {"contenttypes.contenttype", "auth.permission"}


class RebuiltByNaturalKey:
    def _model_supports_natural_key(self, model):
        return model._meta.label_lower in REBUILT_MODELS and super()._model_supports_natural_key(
            model
        )


class Serializer(RebuiltByNaturalKey, xml_serializer.Serializer):
    pass


Deserializer = xml_serializer.Deserializer
