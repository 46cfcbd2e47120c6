import pytest

from amtui.domain.scale import default_scale
from amtui.domain.settings import Settings


@pytest.fixture
def scale():
    return default_scale()


@pytest.fixture
def settings():
    return Settings()
