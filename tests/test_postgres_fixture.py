"""The throwaway PostgreSQL server really runs: a row round-trips through SQLAlchemy."""

from __future__ import annotations

import sqlalchemy as sa


def test_a_row_round_trips_through_sqlalchemy_on_postgresql(pg_url: str) -> None:
    engine = sa.create_engine(pg_url)
    try:
        metadata = sa.MetaData()
        probe = sa.Table(
            "probe",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("text", sa.Text, nullable=False),
        )
        with engine.begin() as conn:
            metadata.drop_all(conn)
            metadata.create_all(conn)
            conn.execute(probe.insert(), [{"id": 1, "text": "督考〔2026〕17号 'x'; --"}])
        with engine.connect() as conn:
            assert conn.execute(sa.select(probe.c.text)).scalar_one() == "督考〔2026〕17号 'x'; --"
            assert engine.dialect.name == "postgresql"
        with engine.begin() as conn:
            metadata.drop_all(conn)
    finally:
        engine.dispose()
