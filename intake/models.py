"""The per-year counter behind registration numbers."""
from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class RegistrationCounter(Base):
    __tablename__ = "registration_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(Integer)
