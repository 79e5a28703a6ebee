import factory

from motcua.agencies.models import Agency


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["code"]

    code = "H99"
    name = "Tỉnh Sơn Hà"
    level = Agency.Level.PROVINCE
    kind = Agency.Kind.PEOPLES_COMMITTEE


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"H99.{n + 1:02d}")
    name = factory.Sequence(lambda n: f"Sở số {n + 1}")
    level = Agency.Level.PROVINCE
    kind = Agency.Kind.DEPARTMENT
    parent = factory.SubFactory(ProvinceFactory)
