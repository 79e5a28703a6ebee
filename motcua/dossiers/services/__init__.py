"""The one way to change a dossier. Views, the API, imports and tests call these functions."""

from .base import Actor, DossierError
from .handling import (
    apologise,
    assign,
    finish,
    forward,
    rate,
    return_result,
    return_to_previous,
    withdraw,
)
from .pauses import (
    confirm_payment,
    receive_supplement,
    request_payment,
    request_supplement,
    resume,
    stop,
)
from .reception import (
    Application,
    ComponentIn,
    PartyIn,
    receive,
    receive_at_counter,
    refuse,
    request_completion,
    resubmit,
    submit,
)
from .transfer import TransferResult, transfer_open_dossiers

__all__ = [
    "Actor",
    "Application",
    "ComponentIn",
    "DossierError",
    "PartyIn",
    "TransferResult",
    "apologise",
    "assign",
    "confirm_payment",
    "finish",
    "forward",
    "rate",
    "receive",
    "receive_at_counter",
    "receive_supplement",
    "refuse",
    "request_completion",
    "request_payment",
    "request_supplement",
    "resubmit",
    "resume",
    "return_result",
    "return_to_previous",
    "stop",
    "submit",
    "transfer_open_dossiers",
    "withdraw",
]
