from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.outcome_accepted import OutcomeAccepted
from ...models.outcome_request import OutcomeRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: OutcomeRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/outcomes",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | OutcomeAccepted | None:
    if response.status_code == 202:
        response_202 = OutcomeAccepted.from_dict(response.json())

        return response_202

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorEnvelope.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorEnvelope.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorEnvelope.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ErrorEnvelope.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorEnvelope.from_dict(response.json())

        return response_415

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
) -> Response[ErrorEnvelope | OutcomeAccepted]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: OutcomeRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorEnvelope | OutcomeAccepted]:
    """Post Outcome

     Record what happened after a cycle or PCOS prediction; scored against its version.

    Idempotent: the same outcome again answers 202 as the first time did.

    Args:
        idempotency_key (str | Unset):
        body (OutcomeRequest): What happened after one prediction: a period start (cycle) or a
            diagnosis (PCOS).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | OutcomeAccepted]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: OutcomeRequest,
    idempotency_key: str | Unset = UNSET,
) -> ErrorEnvelope | OutcomeAccepted | None:
    """Post Outcome

     Record what happened after a cycle or PCOS prediction; scored against its version.

    Idempotent: the same outcome again answers 202 as the first time did.

    Args:
        idempotency_key (str | Unset):
        body (OutcomeRequest): What happened after one prediction: a period start (cycle) or a
            diagnosis (PCOS).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | OutcomeAccepted
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: OutcomeRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorEnvelope | OutcomeAccepted]:
    """Post Outcome

     Record what happened after a cycle or PCOS prediction; scored against its version.

    Idempotent: the same outcome again answers 202 as the first time did.

    Args:
        idempotency_key (str | Unset):
        body (OutcomeRequest): What happened after one prediction: a period start (cycle) or a
            diagnosis (PCOS).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | OutcomeAccepted]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: OutcomeRequest,
    idempotency_key: str | Unset = UNSET,
) -> ErrorEnvelope | OutcomeAccepted | None:
    """Post Outcome

     Record what happened after a cycle or PCOS prediction; scored against its version.

    Idempotent: the same outcome again answers 202 as the first time did.

    Args:
        idempotency_key (str | Unset):
        body (OutcomeRequest): What happened after one prediction: a period start (cycle) or a
            diagnosis (PCOS).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | OutcomeAccepted
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
