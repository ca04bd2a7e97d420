"""The settings an operator gives: past SQLite, the secrets every host must share."""

from __future__ import annotations

import pytest

from community import create_app
from community.config import ConfigError
from tests.conftest import make_config

POSTGRESQL = "postgresql+psycopg://community:unused@127.0.0.1:1/community"
VAULT_KEY = "k3yFdvbDH7rFNmQ2BRyKsdUjd9Hh0FzBMGlPRHk2yLU="


def _on_postgresql(**settings):
    return create_app(make_config(SQLALCHEMY_DATABASE_URI=POSTGRESQL, **settings))


def test_on_postgresql_the_site_will_not_start_without_the_shared_secrets():
    with pytest.raises(ConfigError) as refused:
        _on_postgresql(SECRET_KEY=None, SELFDATA_KEYS=None)

    said = str(refused.value)
    # Both are named, with why they must be shared and the command that makes each.
    assert "COMMUNITY_SECRET_KEY manque" in said and "token_urlsafe(48)" in said
    assert "COMMUNITY_SELFDATA_KEYS manque" in said and "Fernet.generate_key()" in said
    assert "chaque hôte" in said


def test_a_single_missing_secret_is_the_only_one_named():
    with pytest.raises(ConfigError) as refused:
        _on_postgresql(SECRET_KEY="shared-by-every-host", SELFDATA_KEYS=None)

    assert "COMMUNITY_SELFDATA_KEYS manque" in str(refused.value)
    assert "COMMUNITY_SECRET_KEY" not in str(refused.value)


def test_with_both_secrets_given_the_site_starts():
    app = _on_postgresql(SECRET_KEY="shared-by-every-host", SELFDATA_KEYS=VAULT_KEY)
    assert app.config["SECRET_KEY"] == "shared-by-every-host"


def test_a_shared_key_file_may_stand_for_the_vault_keys(tmp_path):
    key_file = tmp_path / "shared.keys"
    key_file.write_text(VAULT_KEY + "\n")
    app = _on_postgresql(SECRET_KEY="shared", SELFDATA_KEYS=None, SELFDATA_KEY_FILE=str(key_file))
    assert app.extensions["selfdata_keys"].path == key_file


def test_on_postgresql_the_site_must_know_its_own_address():
    with pytest.raises(ConfigError) as refused:
        _on_postgresql(SECRET_KEY="shared", SELFDATA_KEYS=VAULT_KEY, SERVER_NAME=None)

    said = str(refused.value)
    assert "COMMUNITY_SITE_URL manque" in said and "en-tête Host" in said
    for enough in (
        {"SITE_URL": "https://communaute.example.org"},
        {"TRUSTED_HOSTS": ["communaute.example.org"]},
        {"SERVER_NAME": "communaute.example.org"},
    ):
        settings = {"SECRET_KEY": "shared", "SELFDATA_KEYS": VAULT_KEY, "SERVER_NAME": None}
        assert _on_postgresql(**{**settings, **enough})


def test_each_host_may_keep_its_instance_folder_where_the_operator_says(tmp_path, monkeypatch):
    folder = tmp_path / "host-a"
    monkeypatch.setenv("COMMUNITY_INSTANCE_PATH", str(folder))
    database = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    monkeypatch.setenv("COMMUNITY_SQLALCHEMY_DATABASE_URI", database)
    monkeypatch.setenv("COMMUNITY_SEARCH_BACKEND", '"null"')

    app = create_app()

    assert app.instance_path == str(folder)
    # What a host makes for itself goes there, not beside the code.
    assert (folder / "secret_key").exists()
