"""The test personas of the local MitID-style provider. All are fictitious.

CPR numbers fail the modulus 11 check and are not born on 1 January, so none can belong to a real person;
the CVR number fails the CVR modulus 11 check. Claims are written in neutral names here and put into the
configured broker's claim names by the provider (see portal/auth/broker_profiles/).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Persona:
    sub: str
    kind: str  # "citizen", "gp" or "staff": which login entry the persona belongs to
    label: str  # shown on the provider's login screen
    name: str
    given_name: str
    family_name: str
    cpr: str | None = None
    assurance: str = "substantial"
    cvr: str | None = None
    organisation_name: str | None = None
    roles: tuple[str, ...] = ()
    email: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


PERSONAS: tuple[Persona, ...] = (
    Persona(
        sub="6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0001",
        kind="citizen",
        label="Borger, 82 år, har et træningsforløb",
        name="Karen Testesen",
        given_name="Karen",
        family_name="Testesen",
        cpr="1503441236",
    ),
    Persona(
        sub="6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0002",
        kind="citizen",
        label="Borger med genoptræningsplan fra sygehuset (§ 140)",
        name="Bent Prøvesen",
        given_name="Bent",
        family_name="Prøvesen",
        cpr="0209561238",
    ),
    Persona(
        sub="6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0009",
        kind="citizen",
        label="Borger med genoptræningsplan, hvor starten kom for sent (frit valg)",
        name="Inge Ventesen",
        given_name="Inge",
        family_name="Ventesen",
        cpr="1107481234",
    ),
    Persona(
        sub="6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0003",
        kind="citizen",
        label="Pårørende (datter af Karen Testesen)",
        name="Mette Testesen",
        given_name="Mette",
        family_name="Testesen",
        cpr="2811701232",
    ),
    Persona(
        sub="6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0004",
        kind="citizen",
        label="Borger med MitID på lavt sikringsniveau (afvises)",
        name="Ole Lavesen",
        given_name="Ole",
        family_name="Lavesen",
        cpr="0706491233",
        assurance="low",
    ),
    Persona(
        sub="6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0005",
        kind="gp",
        label="Praktiserende læge (MitID Erhverv)",
        name="Lise Lægesen",
        given_name="Lise",
        family_name="Lægesen",
        cvr="12345678",
        organisation_name="Lægehuset Prøvevej",
        email="lise.laegesen@laegehus.example",
    ),
    Persona(
        sub="6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0006",
        kind="staff",
        label="Visitator",
        name="Vibeke Visitator",
        given_name="Vibeke",
        family_name="Visitator",
        roles=("visitator",),
        email="vibeke.visitator@kommune.example",
        assurance="substantial",
    ),
    Persona(
        sub="6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0007",
        kind="staff",
        label="Terapeut",
        name="Torben Terapeut",
        given_name="Torben",
        family_name="Terapeut",
        roles=("therapist",),
        email="torben.terapeut@kommune.example",
        assurance="substantial",
    ),
    Persona(
        sub="6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0010",
        kind="staff",
        label="Hjemmehjælper, træner med borgere derhjemme",
        name="Hanne Hjemmehjælper",
        given_name="Hanne",
        family_name="Hjemmehjælper",
        roles=("helper",),
        email="hanne.hjemmehjaelper@kommune.example",
        assurance="substantial",
    ),
    Persona(
        sub="6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0008",
        kind="staff",
        label="Terapeut logget ind med kun adgangskode (afvises)",
        name="Kim Kodeord",
        given_name="Kim",
        family_name="Kodeord",
        roles=("therapist",),
        assurance="low",
    ),
)


def by_sub(sub: str) -> Persona:
    return next(persona for persona in PERSONAS if persona.sub == sub)
