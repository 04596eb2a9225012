"""Results reused when their inputs are unchanged: the resampling of a re-run costs a lookup.

:func:`remembered` runs a deterministic computation, or returns what it returned before for
inputs with the same :func:`fingerprint`, from the :class:`~chartertext.embed.results.ResultStore`
made active by :func:`remembering` (the analysis and the report writing activate the one in the embedding
cache; without one, everything is computed). The key also covers the code that computes (the
sources of :mod:`chartertext.metrics` and :mod:`chartertext.report`), numpy's version and the state of every random generator the
computation draws from; on reuse those generators are left in the state the computation would
have left them in, so whatever draws next draws the same numbers.

Values are stored with :func:`encode`: JSON around the raw bytes of arrays, never pickle
(a shared cache file must not be able to run code). A float survives exactly (``repr`` round
trips), so reused results are bit for bit the computed ones.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import inspect
import json
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .embed.results import ResultStore

_T = TypeVar("_T")
#: Larger results are recomputed rather than stored: the cache file must stay a cache, not an archive.
MAX_STORED_BYTES = 128 * 10**6
_STORE: ContextVar[ResultStore | None] = ContextVar("chartertext_result_store", default=None)


class Unstorable(TypeError):
    """A value or input of a type :func:`encode` / :func:`fingerprint` does not know: it is computed, not reused."""


@contextlib.contextmanager
def remembering(store: ResultStore | None) -> Iterator[None]:
    """Within this block, :func:`remembered` reads and writes ``store`` (None: always compute)."""
    token = _STORE.set(store)
    try:
        yield
    finally:
        _STORE.reset(token)


def active_store() -> ResultStore | None:
    """The store :func:`remembering` made active here, or None: for results kept in a format of their own.

    A stage whose result :func:`encode` cannot hold (a fitted model) may keep its own bytes with
    ``store.put(namespace, fingerprint(inputs), blob)`` and read them back with ``store.get``.
    """
    return _STORE.get()


def remembered(
    namespace: str, inputs: object, compute: Callable[[], _T], *, rngs: Sequence[np.random.Generator] = ()
) -> _T:
    """``compute()``, or its stored result for the same ``inputs``, code and generator states.

    Parameters
    ----------
    namespace : str
        What is computed (one namespace per function).
    inputs : object
        Everything the result depends on besides ``rngs`` (arrays, tables, dataclasses, scalars).
    compute : callable
        Called with no argument when nothing is stored.
    rngs : sequence of numpy.random.Generator
        Generators ``compute`` draws from; their states are part of the key, and set on reuse.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from chartertext.embed import EmbeddingCache
    >>> from chartertext.embed.results import ResultStore
    >>> calls = []
    >>> def draw(rng):
    ...     calls.append(1)
    ...     return rng.normal(size=2)
    >>> with EmbeddingCache(pathlib.Path(tempfile.mkdtemp()) / "e.sqlite") as cache, remembering(ResultStore(cache)):
    ...     rngs = [np.random.default_rng(1), np.random.default_rng(1)]
    ...     first, second = (remembered("demo", "x", lambda r=r: draw(r), rngs=[r]) for r in rngs)
    >>> bool((first == second).all()), len(calls), rngs[0].random() == rngs[1].random()
    (True, 1, True)
    """
    store = _STORE.get()
    if store is None:
        return compute()
    try:
        key = fingerprint((_code_version(), inputs, [rng.bit_generator.state for rng in rngs]))
    except Unstorable:
        return compute()
    stored = store.get(namespace, key)
    if stored is not None:
        value, states = decode(stored)
        for rng, state in zip(rngs, states):
            rng.bit_generator.state = state
        return value
    value = compute()
    try:
        blob = encode((value, [rng.bit_generator.state for rng in rngs]))
    except Unstorable:
        return value
    if len(blob) <= MAX_STORED_BYTES:
        store.put(namespace, key, blob)
    return value


def remembers(
    namespace: str, *, rngs: Sequence[str] = (), ignore: Sequence[str] = ("executor",)
) -> Callable[[Callable[..., _T]], Callable[..., _T]]:
    """Decorate a function whose result is :func:`remembered` under ``namespace``.

    The key is every argument except the generators named in ``rngs`` (their states join the
    key and are set on reuse) and those in ``ignore`` (where it runs, not what it computes).
    """

    def wrap(function: Callable[..., _T]) -> Callable[..., _T]:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> _T:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            named = bound.arguments
            inputs = tuple(v for k, v in named.items() if k not in rngs and k not in ignore)
            # Through __wrapped__, so a test can count the computations by replacing it.
            compute = call.__wrapped__  # type: ignore[attr-defined]
            return remembered(namespace, inputs, lambda: compute(*args, **kwargs), rngs=[named[r] for r in rngs])

        return call

    return wrap


def fingerprint(value: object) -> str:
    """sha256 (hex) of ``value``'s content: equal for equal content in any process.

    Examples
    --------
    >>> fingerprint({"a": np.arange(3)}) == fingerprint({"a": np.arange(3)})
    True
    >>> fingerprint(np.arange(3)) == fingerprint(np.arange(3.0))
    False
    """
    digest = hashlib.sha256()
    _feed(digest, value)
    return digest.hexdigest()


def _feed(digest: Any, value: object) -> None:
    update = digest.update
    if value is None or isinstance(value, (bool, int, float, str, bytes, np.generic)):
        update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, dt.date):  # datetimes and pandas Timestamps too
        update(f"{type(value).__name__}:{value.isoformat()};".encode())
    elif isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            _feed(digest, value.tolist())
        else:
            update(f"nd:{value.dtype.str}:{value.shape};".encode())
            update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, (pd.DataFrame, pd.Series)):
        frame = value.to_frame() if isinstance(value, pd.Series) else value
        update(f"df:{list(map(str, frame.columns))}:{list(map(str, frame.dtypes))};".encode())
        update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    elif isinstance(value, dict):
        update(b"{")
        for k, v in value.items():
            _feed(digest, k)
            _feed(digest, v)
        update(b"}")
    elif isinstance(value, (list, tuple)):
        update(b"(" if isinstance(value, tuple) else b"[")
        for item in value:
            _feed(digest, item)
        update(b")")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        update(f"dc:{type(value).__qualname__};".encode())
        for f in dataclasses.fields(value):
            _feed(digest, f.name)
            _feed(digest, getattr(value, f.name))
    elif hasattr(value, "tocsr") and hasattr(value, "indptr"):  # a scipy sparse matrix
        csr = value.tocsr()
        update(f"csr:{csr.shape};".encode())
        for part in (csr.data, csr.indices, csr.indptr):
            _feed(digest, part)
    else:
        raise Unstorable(f"cannot fingerprint a {type(value).__name__}")


def encode(value: object) -> bytes:
    """``value`` (None, bool, int, float, str, numpy arrays and scalars, lists, tuples, dicts) as bytes.

    Examples
    --------
    >>> value = {"a": [1.5, float("nan")], 2: (np.arange(3), None)}
    >>> back = decode(encode(value))
    >>> back["a"][0], back[2][0].tolist(), type(back[2])
    (1.5, [0, 1, 2], <class 'tuple'>)
    """
    return json.dumps(_tagged(value), separators=(",", ":")).encode()


def decode(blob: bytes) -> Any:
    """The value :func:`encode` stored."""
    return _untagged(json.loads(blob))


def _tagged(value: object) -> Any:
    # Exact types only: a subclass (numpy's str_, float64) must come back as itself.
    if value is None or type(value) in (bool, str, int):
        return value
    if type(value) is float:
        return {"f": repr(value)}  # repr round-trips every float, NaN and infinities included
    if isinstance(value, np.ndarray):
        return _array(value)
    if isinstance(value, np.generic):
        return {"s": _array(np.asarray(value))}
    if type(value) is list:
        return [_tagged(v) for v in value]
    if type(value) is tuple:
        return {"t": [_tagged(v) for v in value]}
    if type(value) is dict:
        return {"d": [[_tagged(k), _tagged(v)] for k, v in value.items()]}
    raise Unstorable(f"cannot store a {type(value).__name__}")


def _array(value: np.ndarray) -> dict[str, Any]:
    if value.dtype.hasobject:
        raise Unstorable("cannot store an array of Python objects")
    data = base64.b64encode(np.ascontiguousarray(value).tobytes()).decode("ascii")
    return {"a": [value.dtype.str, list(value.shape), data]}


def _untagged(value: Any) -> Any:
    if isinstance(value, list):
        return [_untagged(v) for v in value]
    if not isinstance(value, dict):
        return value
    ((tag, body),) = value.items()
    if tag == "f":
        return float(body)
    if tag == "a":
        dtype, shape, data = body
        return np.frombuffer(base64.b64decode(data), dtype=np.dtype(dtype)).reshape(shape).copy()
    if tag == "s":
        return _untagged(body)[()]
    if tag == "t":
        return tuple(_untagged(v) for v in body)
    return {_untagged(k): _untagged(v) for k, v in body}


@functools.cache
def _code_version() -> str:
    """The sources of the code whose results are kept, and numpy's version: a change in any recomputes."""
    digest = hashlib.sha256(np.__version__.encode())
    here = Path(__file__).parent
    for path in sorted([Path(__file__), *(p for d in ("metrics", "report") for p in (here / d).glob("*.py"))]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
