-- Argo CD health of a Locus InferenceEndpoint, from its phase, conditions and ready replicas.
local hs = {}
local function condition(kind)
  if obj.status ~= nil and obj.status.conditions ~= nil then
    for _, c in ipairs(obj.status.conditions) do
      if c.type == kind then
        return c
      end
    end
  end
  return nil
end
if obj.status == nil or obj.status.phase == nil or obj.status.phase == "Pending" then
  hs.status = "Progressing"
  hs.message = "Waiting for Locus to place the endpoint"
  return hs
end
local phase = obj.status.phase
local message = obj.status.message or ""
local dispatched = condition("Dispatched")
local wanted = 1
if obj.spec ~= nil and obj.spec.replicas ~= nil then
  wanted = obj.spec.replicas
end
local ready = obj.status.readyReplicas or 0
if phase == "Failed" then
  hs.status = "Degraded"
  hs.message = message
elseif phase == "Unschedulable" then
  hs.status = "Degraded"
  hs.message = "Unschedulable: " .. message
elseif dispatched ~= nil and dispatched.status == "False" and dispatched.reason == "NameConflict" then
  hs.status = "Degraded"
  hs.message = dispatched.message or "an object of the same name exists in a member cluster"
elseif phase == "Running" and ready >= wanted then
  hs.status = "Healthy"
  hs.message = ready .. "/" .. wanted .. " replicas ready"
else
  hs.status = "Progressing"
  hs.message = ready .. "/" .. wanted .. " replicas ready (" .. phase .. ")"
end
return hs
