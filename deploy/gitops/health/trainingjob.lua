-- Argo CD health of a Locus TrainingJob, from its phase and conditions.
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
  hs.message = "Waiting for Locus to place the job"
  return hs
end
local phase = obj.status.phase
local message = obj.status.message or ""
local dispatched = condition("Dispatched")
if phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = message
elseif phase == "Failed" then
  hs.status = "Degraded"
  hs.message = message
elseif phase == "Unschedulable" then
  hs.status = "Degraded"
  hs.message = "Unschedulable: " .. message
elseif dispatched ~= nil and dispatched.status == "False" and dispatched.reason == "NameConflict" then
  hs.status = "Degraded"
  hs.message = dispatched.message or "an object of the same name exists in the member cluster"
else
  -- Placed, or Running: a job is in progress until it succeeds.
  hs.status = "Progressing"
  hs.message = phase .. ": " .. message
end
return hs
