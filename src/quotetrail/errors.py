"""Every error quotetrail raises on purpose derives from :class:`QuotetrailError`.

The tree::

    QuotetrailError
    ├── InputError            an input cannot be read or understood (names the input)
    │   ├── EmptyInputError       the input has no content
    │   ├── UnsupportedInputError the input's kind is not one quotetrail reads
    │   ├── DecodeError           bytes that are not text in any encoding we can detect
    │   ├── TooLargeError         over the configured size cap
    │   └── FetchError            a URL or feed could not be fetched
    │       └── BlockedAddressError  the URL points at a private, loopback or link-local address
    ├── ExtractionError       a page was read but no article could be extracted from it
    ├── ModelError            the spaCy model is not installed or cannot be loaded
    ├── StoreError            the database cannot be opened, migrated or written
    │   └── NotFoundError         a requested record does not exist
    └── ConfigError           an option has a value that makes no sense

The CLI turns these into one-line messages and the HTTP API into one JSON error shape;
anything else escaping is a bug.
"""

from __future__ import annotations


class QuotetrailError(Exception):
    """Base of every error quotetrail raises on purpose."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class InputError(QuotetrailError):
    """An input (file, URL, record) cannot be read or understood."""


class EmptyInputError(InputError):
    """The input holds no content."""


class UnsupportedInputError(InputError):
    """The input is of a kind quotetrail does not read."""


class DecodeError(InputError):
    """The input's bytes do not decode as text."""


class TooLargeError(InputError):
    """The input exceeds the configured size cap."""


class FetchError(InputError):
    """A URL or feed could not be fetched."""


class BlockedAddressError(FetchError):
    """The URL resolves to a private, loopback or link-local address."""


class ExtractionError(QuotetrailError):
    """A page was read but no article could be extracted from it."""


class ModelError(QuotetrailError):
    """The spaCy model is missing or cannot be loaded."""


class StoreError(QuotetrailError):
    """The store cannot be opened, migrated or written."""


class NotFoundError(StoreError):
    """A requested record does not exist."""


class ConfigError(QuotetrailError):
    """An option has a value that makes no sense."""
