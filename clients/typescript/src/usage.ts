// How a TypeScript frontend uses the generated types: `npm run check` compiles this file
// against src/schema.d.ts (tsc --noEmit), so a change of the spec that breaks it fails CI.
import type { components, operations, paths } from "./schema";

type PcosRequest = components["schemas"]["PcosRequest"];
type PcosResponse = components["schemas"]["PcosResponse"];
type CycleRequest = components["schemas"]["CycleRequest"];
type ErrorEnvelope = components["schemas"]["ErrorEnvelope"];
type PredictPcosOk =
  operations["predictPcos"]["responses"][200]["content"]["application/json"];

const pcosRequest: PcosRequest = {
  user_id: "session-123",
  features: {
    irregular_periods: true,
    excess_hair_growth: true,
    acne: false,
    weight_gain: true,
    hair_loss: false,
    dark_skin_patches: false,
    age: 27,
    height_cm: 162,
    weight_kg: 70,
  },
};

const cycleRequest: CycleRequest = {
  as_of: "2026-03-01",
  cycles: [{ start_date: "2026-01-21" }, { start_date: "2026-02-18" }],
};

export async function predictPcos(
  baseUrl: string,
  token: string,
  body: PcosRequest = pcosRequest,
): Promise<PcosResponse | ErrorEnvelope> {
  const path: keyof paths = "/api/v1/predict/pcos";
  const answer = await fetch(baseUrl + path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!answer.ok) {
    return (await answer.json()) as ErrorEnvelope;
  }
  const result = (await answer.json()) as PredictPcosOk;
  // An open code: "Low", "Medium" or "High" today (x-extensible-enum); a later v1 may add
  // one, so a client keeps a fallback instead of an exhaustive switch.
  const known = ["Low", "Medium", "High"] as const;
  const level = known.find((value) => value === result.risk_level) ?? "unknown";
  console.log(level, result.disclaimer, result.model_version);
  return result;
}

export const examples = { pcosRequest, cycleRequest };
