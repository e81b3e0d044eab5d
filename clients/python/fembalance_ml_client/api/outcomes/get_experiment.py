from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.experiment_report import ExperimentReport
from ...types import UNSET, Response, Unset


def _get_kwargs(
    name: str,
    *,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/experiments/{name}".format(
            name=quote(str(name), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorEnvelope | ExperimentReport | None:
    if response.status_code == 200:
        response_200 = ExperimentReport.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorEnvelope.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorEnvelope.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = ErrorEnvelope.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = ErrorEnvelope.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorEnvelope.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ErrorEnvelope.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ErrorEnvelope | ExperimentReport]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    name: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | ErrorEnvelope | ExperimentReport]:
    """Experiment Verdicts

     Per version and group: predictions, outcomes, error figures and verdicts vs control
    (admin key).

    `name` is the models-tree name, as in /api/v1/models/{name}/reload. Computed in the
    prediction pool (503 `busy` when full) and reused for EXPERIMENTS_CACHE_SECONDS.

    Args:
        name (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorEnvelope | ExperimentReport]
    """

    kwargs = _get_kwargs(
        name=name,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Any | ErrorEnvelope | ExperimentReport | None:
    """Experiment Verdicts

     Per version and group: predictions, outcomes, error figures and verdicts vs control
    (admin key).

    `name` is the models-tree name, as in /api/v1/models/{name}/reload. Computed in the
    prediction pool (503 `busy` when full) and reused for EXPERIMENTS_CACHE_SECONDS.

    Args:
        name (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorEnvelope | ExperimentReport
    """

    return sync_detailed(
        name=name,
        client=client,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | ErrorEnvelope | ExperimentReport]:
    """Experiment Verdicts

     Per version and group: predictions, outcomes, error figures and verdicts vs control
    (admin key).

    `name` is the models-tree name, as in /api/v1/models/{name}/reload. Computed in the
    prediction pool (503 `busy` when full) and reused for EXPERIMENTS_CACHE_SECONDS.

    Args:
        name (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorEnvelope | ExperimentReport]
    """

    kwargs = _get_kwargs(
        name=name,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Any | ErrorEnvelope | ExperimentReport | None:
    """Experiment Verdicts

     Per version and group: predictions, outcomes, error figures and verdicts vs control
    (admin key).

    `name` is the models-tree name, as in /api/v1/models/{name}/reload. Computed in the
    prediction pool (503 `busy` when full) and reused for EXPERIMENTS_CACHE_SECONDS.

    Args:
        name (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorEnvelope | ExperimentReport
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            if_none_match=if_none_match,
        )
    ).parsed
