/// The OpenAPI 3.1 document of the ingestion and admin API, served at `GET /api/v1/openapi.json`
/// so that integrators can generate clients. `OpenAPITests` holds it to the router: every route
/// is documented and every documented route exists. Edit the JSON below when a route changes.
public enum OpenAPIDocument {
    /// The document's JSON text.
    public static let text = ##"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "Strata",
  "version": "1",
  "description": "Strata's HTTP API: Segment-compatible and PostHog-compatible ingestion, the in-app inbox, tracking links, and the admin API under /api/v1 (secret key). Every error has one JSON shape (`Error`). Limits: one message 32 KB (event names 200 characters, ids 256); one batch 500 KB after gzip is undone and 2,500 messages; JSON nesting 64 levels on every body (400 malformed_json); segment rules 32 levels of all/any/not; CSV uploads 64 KB per line, 1,000 fields, 100,000 ids; report ranges 3,660 days. Every route is limited per client address (default 1,000 requests a second, 2,000 at once) and every keyed route per key (default 5,000 a second, 10,000 at once): 429 with Retry-After. Listings take `limit` (1–1000, default 50) and return `next_cursor` to pass back as `cursor`. Query parameters are read as an HTML form (`+` is a space); empty values are ignored and a repeated name keeps its first value. Request bodies may be sent with `Content-Encoding: gzip`."
 },
 "servers": [
  {
   "url": "http://127.0.0.1:8080"
  }
 ],
 "tags": [
  {
   "name": "system",
   "description": "Health, metrics and this document (no auth)."
  },
  {
   "name": "ingestion",
   "description": "Segment HTTP Tracking API and PostHog capture (write key)."
  },
  {
   "name": "inbox",
   "description": "The in-app inbox the app reads with its write key."
  },
  {
   "name": "tracking-links",
   "description": "Signed links in sent messages: unsubscribe, open pixel, click (no auth)."
  },
  {
   "name": "admin",
   "description": "Stats, profiles, events, quarantine, keys (secret key)."
  },
  {
   "name": "segments",
   "description": "Rule segments."
  },
  {
   "name": "tags",
   "description": "Manual and rule tags."
  },
  {
   "name": "models",
   "description": "Lifecycle, RFM and weighted scoring models."
  },
  {
   "name": "flow",
   "description": "Flow between layers and the daily snapshots behind it."
  },
  {
   "name": "reports",
   "description": "Analysis reports: activity, trend, retention, funnel, lift, channels, ltv."
  },
  {
   "name": "channels",
   "description": "Channel settings and acquisition spend."
  },
  {
   "name": "suppressions",
   "description": "The suppression list."
  },
  {
   "name": "campaigns",
   "description": "Campaigns, their life cycle, results, review, winners and alerts."
  }
 ],
 "paths": {
  "/api/v1/alerts": {
   "get": {
    "operationId": "listAlerts",
    "summary": "Campaign alerts",
    "tags": [
     "campaigns"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "campaign",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Only this campaign."
     },
     {
      "$ref": "#/components/parameters/limit"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AlertList"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/audit": {
   "get": {
    "operationId": "listAudit",
    "summary": "The audit log, newest first",
    "tags": [
     "admin"
    ],
    "description": "Every state-changing request of the admin API and the dashboard, every sign-in and failed sign-in, and every CLI command that writes: actor, role, action, target (addresses masked), client address, a SHA-256 digest of the change and the status. Append-only and hash-chained (`strata audit verify`). Admin keys only.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "actor",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "staff:ID, key:ID, cli, system or anonymous."
     },
     {
      "name": "action",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "A text the action contains (POST /api/v1/segments, sign_in …)."
     },
     {
      "name": "from",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "First day or instant."
     },
     {
      "name": "to",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Last day (inclusive) or instant."
     },
     {
      "name": "cursor",
      "in": "query",
      "schema": {
       "type": "integer",
       "format": "int64"
      },
      "description": "next_cursor of the previous page."
     },
     {
      "name": "limit",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 1000,
       "default": 50
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "entries"
         ],
         "properties": {
          "entries": {
           "type": "array",
           "items": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "at": {
              "type": "string"
             },
             "actor": {
              "type": "string"
             },
             "role": {
              "type": "string"
             },
             "action": {
              "type": "string"
             },
             "target": {
              "type": "string"
             },
             "address": {
              "type": "string"
             },
             "digest": {
              "type": "string"
             },
             "status": {
              "type": "integer"
             },
             "hash": {
              "type": "string"
             }
            }
           }
          },
          "next_cursor": {
           "type": "string"
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns": {
   "get": {
    "operationId": "listCampaigns",
    "summary": "Campaigns with message counts",
    "tags": [
     "campaigns"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "status",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "draft",
        "scheduled",
        "running",
        "paused",
        "completed",
        "cancelled"
       ]
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CampaignList"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "createCampaign",
    "summary": "Create a draft campaign",
    "tags": [
     "campaigns"
    ],
    "description": "409 when a campaign of that name exists. Body at most 1 MB.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Campaign"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Created as a draft.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/StoredCampaign"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}": {
   "get": {
    "operationId": "getCampaign",
    "summary": "One campaign",
    "tags": [
     "campaigns"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/StoredCampaign"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "put": {
    "operationId": "updateCampaign",
    "summary": "Replace the definition as a new version",
    "tags": [
     "campaigns"
    ],
    "description": "The body's `name` must equal the path's (400 otherwise). 409 when the campaign's status does not allow edits.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Campaign"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/StoredCampaign"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "delete": {
    "operationId": "deleteCampaign",
    "summary": "Delete a draft that never sent",
    "tags": [
     "campaigns"
    ],
    "description": "409 when it is not a draft/cancelled or has sent messages.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "responses": {
     "204": {
      "$ref": "#/components/responses/NoContent"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}/cancel": {
   "post": {
    "operationId": "cancelCampaign",
    "summary": "Life-cycle move: cancel (→ cancelled)",
    "tags": [
     "campaigns"
    ],
    "description": "409 with the allowed moves when not allowed from the campaign's status.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/StoredCampaign"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}/complete": {
   "post": {
    "operationId": "completeCampaign",
    "summary": "Life-cycle move: complete (→ completed)",
    "tags": [
     "campaigns"
    ],
    "description": "409 with the allowed moves when not allowed from the campaign's status.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/StoredCampaign"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}/launch": {
   "post": {
    "operationId": "launchCampaign",
    "summary": "Launch (draft → scheduled)",
    "tags": [
     "campaigns"
    ],
    "description": "Checks the campaign can send (audience exists, every variant has a message for each channel it uses, templates parse, channels are configured, the goal's event or segment exists): 400 naming what to fix. 409 with the allowed moves when not allowed from its status.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/StoredCampaign"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}/monitor": {
   "get": {
    "operationId": "getCampaignMonitor",
    "summary": "The last 24 hours against the expected band",
    "tags": [
     "campaigns"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CampaignMonitor"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}/pause": {
   "post": {
    "operationId": "pauseCampaign",
    "summary": "Life-cycle move: pause (→ paused)",
    "tags": [
     "campaigns"
    ],
    "description": "409 with the allowed moves when not allowed from the campaign's status.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/StoredCampaign"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}/preview": {
   "get": {
    "operationId": "previewCampaign",
    "summary": "The message rendered for a user and the policy's decision",
    "tags": [
     "campaigns"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     },
     {
      "name": "user",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "A known or anonymous user id.",
      "required": true
     },
     {
      "name": "variant",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Variant name. Default: the user's own group."
     },
     {
      "name": "channel",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "email",
        "sms",
        "push",
        "wechat",
        "webhook",
        "inbox"
       ]
      },
      "description": "Default: the variant's first channel."
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CampaignPreview"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}/results": {
   "get": {
    "operationId": "getCampaignResults",
    "summary": "Results per group with statistics",
    "tags": [
     "campaigns"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CampaignResults"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}/resume": {
   "post": {
    "operationId": "resumeCampaign",
    "summary": "Life-cycle move: resume (→ running)",
    "tags": [
     "campaigns"
    ],
    "description": "409 with the allowed moves when not allowed from the campaign's status.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/StoredCampaign"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}/review": {
   "get": {
    "operationId": "getCampaignReview",
    "summary": "The 复盘 review",
    "tags": [
     "campaigns"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     },
     {
      "name": "format",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "html",
        "markdown",
        "json"
       ],
       "default": "html"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "The review as HTML (default), Markdown or JSON.",
      "content": {
       "text/html": {
        "schema": {
         "type": "string"
        }
       },
       "text/markdown": {
        "schema": {
         "type": "string"
        }
       },
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CampaignReview"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "put": {
    "operationId": "updateCampaignReview",
    "summary": "Save the review's editable texts",
    "tags": [
     "campaigns"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/CampaignReviewTexts"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "saved"
         ],
         "properties": {
          "saved": {
           "type": "boolean",
           "const": true
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}/unschedule": {
   "post": {
    "operationId": "unscheduleCampaign",
    "summary": "Life-cycle move: unschedule (→ draft)",
    "tags": [
     "campaigns"
    ],
    "description": "409 with the allowed moves when not allowed from the campaign's status.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/StoredCampaign"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}/versions": {
   "get": {
    "operationId": "listCampaignVersions",
    "summary": "Every version",
    "tags": [
     "campaigns"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CampaignVersions"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}/winners": {
   "get": {
    "operationId": "getCampaignWinners",
    "summary": "A reward campaign's ranked participants",
    "tags": [
     "campaigns"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Winners"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/campaigns/{name}/winners/publish": {
   "post": {
    "operationId": "publishCampaignWinners",
    "summary": "Freeze and publish the winners list",
    "tags": [
     "campaigns"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     }
    ],
    "responses": {
     "201": {
      "description": "Published; shown at `url` with masked ids.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Winners"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/channels": {
   "get": {
    "operationId": "listChannels",
    "summary": "Channel settings (secrets redacted)",
    "tags": [
     "channels"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ChannelList"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/channels/spend": {
   "get": {
    "operationId": "listChannelSpend",
    "summary": "Acquisition spend entries",
    "tags": [
     "channels"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "channel",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Only this channel."
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ChannelSpendList"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "saveChannelSpend",
    "summary": "Store spend entries",
    "tags": [
     "channels"
    ],
    "description": "JSON (one entry, a list, or `{\"entries\": [...]}`) or a `text/csv` upload (any `text/*`) with the header `channel,from,to,amount[,note]`; up to 10,000 entries in one transaction; a bad row is named with its line (CSV: 64 KB per line, 1,000 fields). Body at most 2 MB.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ChannelSpendInput"
       }
      },
      "text/csv": {
       "schema": {
        "type": "string"
       },
       "example": "channel,from,to,amount,note\nwechat,2026-09-01,2026-09-30,12000.50,Sept\n"
      }
     }
    },
    "responses": {
     "201": {
      "description": "Stored (all or none).",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ChannelSpendSaved"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/channels/spend/{id}": {
   "delete": {
    "operationId": "deleteChannelSpend",
    "summary": "Delete a spend entry",
    "tags": [
     "channels"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Entry id from the spend list.",
      "schema": {
       "type": "integer",
       "format": "int64"
      }
     }
    ],
    "responses": {
     "204": {
      "$ref": "#/components/responses/NoContent"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/channels/{kind}": {
   "put": {
    "operationId": "putChannel",
    "summary": "Store a channel's settings",
    "tags": [
     "channels"
    ],
    "description": "404 for an unknown kind.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "kind",
      "in": "path",
      "required": true,
      "description": "Channel kind. `inbox` needs no settings (PUT answers 400).",
      "schema": {
       "type": "string",
       "enum": [
        "email",
        "sms",
        "push",
        "wechat",
        "webhook",
        "inbox"
       ]
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ChannelSettings"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Stored; secrets are never shown again.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ChannelSaved"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "delete": {
    "operationId": "deleteChannel",
    "summary": "Remove a channel's settings",
    "tags": [
     "channels"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "kind",
      "in": "path",
      "required": true,
      "description": "Channel kind. `inbox` needs no settings (PUT answers 400).",
      "schema": {
       "type": "string",
       "enum": [
        "email",
        "sms",
        "push",
        "wechat",
        "webhook",
        "inbox"
       ]
      }
     }
    ],
    "responses": {
     "204": {
      "$ref": "#/components/responses/NoContent"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/events": {
   "get": {
    "operationId": "listEvents",
    "summary": "Events, newest first",
    "tags": [
     "admin"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "name": "cursor",
      "in": "query",
      "schema": {
       "type": "string",
       "pattern": "^-?[0-9]+\\.[0-9]+$"
      },
      "description": "`next_cursor` of the previous page (`TIMESTAMP.ID`)."
     },
     {
      "name": "name",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Event name."
     },
     {
      "name": "from",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "A date (`2026-09-01`) or ISO 8601 time."
     },
     {
      "name": "to",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "A date (inclusive: the end of that day) or ISO 8601 time."
     },
     {
      "name": "user",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "A known or anonymous user id (404 when unknown)."
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/EventList"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/flow/{model}": {
   "get": {
    "operationId": "getFlow",
    "summary": "Transition matrix between two days",
    "tags": [
     "flow"
    ],
    "description": "Each day from its stored snapshot when there is one, else computed from the events as of that day's end.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "model",
      "in": "path",
      "required": true,
      "description": "`rfm`, `lifecycle` or a scoring model's name.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "from",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "First day (D1).",
      "required": true
     },
     {
      "name": "to",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "Second day (D2).",
      "required": true
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Flow"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/flow/{model}/segment": {
   "post": {
    "operationId": "saveFlowCell",
    "summary": "Save one cell's users as a tag and a segment",
    "tags": [
     "flow"
    ],
    "description": "409 when a segment or tag of that name exists.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "model",
      "in": "path",
      "required": true,
      "description": "`rfm`, `lifecycle` or a scoring model's name.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/FlowCellRequest"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Saved.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Segment"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/keys": {
   "get": {
    "operationId": "listKeys",
    "summary": "API keys (prefixes only)",
    "tags": [
     "admin"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/KeyList"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/models/lifecycle": {
   "get": {
    "operationId": "getLifecycle",
    "summary": "Lifecycle stages",
    "tags": [
     "models"
    ],
    "description": "new / returning / active / silent / churned with sizes. Presets: daily 7/7/14/30, low_frequency 30/30/60/90; each threshold overrides the preset.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/asOf"
     },
     {
      "name": "preset",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "daily",
        "low_frequency"
       ],
       "default": "daily"
      }
     },
     {
      "name": "new_days",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 3650
      }
     },
     {
      "name": "active_days",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 3650
      }
     },
     {
      "name": "silent_days",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 3650
      }
     },
     {
      "name": "churn_days",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 3650
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/LifecycleResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/models/rfm": {
   "get": {
    "operationId": "getRFM",
    "summary": "RFM: the eight layers",
    "tags": [
     "models"
    ],
    "description": "Eight RFM value layers with sizes, the break points used and the means used as cuts.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/asOf"
     },
     {
      "name": "window_days",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 3650
      },
      "description": "Window of purchases in days (1–3650). Default: all time."
     },
     {
      "name": "event",
      "in": "query",
      "schema": {
       "type": "string",
       "default": "purchase"
      },
      "description": "The purchase event."
     },
     {
      "name": "value",
      "in": "query",
      "schema": {
       "type": "string",
       "default": "revenue"
      },
      "description": "The property holding the monetary value."
     },
     {
      "name": "scoring",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "quintiles",
        "natural",
        "breaks"
       ],
       "default": "quintiles"
      }
     },
     {
      "name": "recency_breaks",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "With scoring=breaks (required): comma-separated numbers, e.g. `7,30,90,180`."
     },
     {
      "name": "frequency_breaks",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "With scoring=breaks (required): comma-separated numbers."
     },
     {
      "name": "monetary_breaks",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "With scoring=breaks (required): comma-separated numbers."
     },
     {
      "name": "curve",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "true",
        "false"
       ],
       "default": "false"
      },
      "description": "`true` adds each metric's distribution curve and suggested natural break points."
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/RFMResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/models/scores": {
   "get": {
    "operationId": "listScoringModels",
    "summary": "Saved scoring models",
    "tags": [
     "models"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ScoringModelList"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "saveScoringModel",
    "summary": "Save (or replace) a scoring model",
    "tags": [
     "models"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ScoringModel"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Saved; its tiers now.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ScoreResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/models/scores/preview": {
   "post": {
    "operationId": "previewScoringModel",
    "summary": "Score an unsaved model",
    "tags": [
     "models"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "oneOf": [
         {
          "$ref": "#/components/schemas/ScorePreviewRequest"
         },
         {
          "$ref": "#/components/schemas/ScoringModel"
         }
        ]
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ScoreResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/models/scores/{name}": {
   "get": {
    "operationId": "getScoringModel",
    "summary": "A scoring model's tiers and histogram",
    "tags": [
     "models"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "name",
      "in": "path",
      "required": true,
      "description": "Scoring model name.",
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/asOf"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ScoreResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "delete": {
    "operationId": "deleteScoringModel",
    "summary": "Delete a scoring model",
    "tags": [
     "models"
    ],
    "description": "409 while segments use its layers.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "name",
      "in": "path",
      "required": true,
      "description": "Scoring model name.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "204": {
      "$ref": "#/components/responses/NoContent"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/openapi.json": {
   "get": {
    "operationId": "getOpenAPIDocument",
    "summary": "This OpenAPI document",
    "tags": [
     "system"
    ],
    "description": "Public: no key needed.",
    "security": [],
    "responses": {
     "200": {
      "description": "The OpenAPI 3.1 document of the ingestion and admin API.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OpenAPIDocument"
        }
       }
      }
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/api/v1/quarantine": {
   "get": {
    "operationId": "listQuarantine",
    "summary": "Refused messages",
    "tags": [
     "admin"
    ],
    "description": "Refused messages with code, reason, field and raw text, newest first.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "name": "cursor",
      "in": "query",
      "schema": {
       "type": "integer",
       "format": "int64"
      },
      "description": "`next_cursor` of the previous page."
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/QuarantineList"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/reports/activity": {
   "get": {
    "operationId": "getReportActivity",
    "summary": "Report: DAU/WAU/MAU, active rate, stickiness; new, returning and resurrected users per day",
    "tags": [
     "reports"
    ],
    "description": "Parameters as query. 404 for an unknown `segment`. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "from",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     {
      "name": "to",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     {
      "name": "as_of",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     {
      "name": "segment",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a saved segment's users."
     },
     {
      "name": "layer",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     {
      "name": "format",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv"
       ],
       "default": "json"
      },
      "description": "`csv` returns the report's table as CSV."
     },
     {
      "name": "dormant_days",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 90,
       "default": 7
      },
      "description": "Days before a day in which an active user counts as returning (else resurrected)."
     }
    ],
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "postReportActivity",
    "summary": "Report (JSON body): DAU/WAU/MAU, active rate, stickiness; new, returning and resurrected users per day",
    "tags": [
     "reports"
    ],
    "description": "The same parameters as the GET form, as a JSON object. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ActivityReportParameters"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/reports/channels": {
   "get": {
    "operationId": "getReportChannels",
    "summary": "Report: Channel quality and return (CAC, ROI, payback)",
    "tags": [
     "reports"
    ],
    "description": "Parameters as query. 404 for an unknown `segment`. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "from",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     {
      "name": "to",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     {
      "name": "as_of",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     {
      "name": "segment",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a saved segment's users."
     },
     {
      "name": "layer",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     {
      "name": "format",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv"
       ],
       "default": "json"
      },
      "description": "`csv` returns the report's table as CSV."
     },
     {
      "name": "channel_trait",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Trait that names the channel. Default: first-touch source (`context.campaign.source`)."
     },
     {
      "name": "conversion_event",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Default: the workspace's purchase event."
     },
     {
      "name": "conversion_days",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 365,
       "default": 30
      }
     }
    ],
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "postReportChannels",
    "summary": "Report (JSON body): Channel quality and return (CAC, ROI, payback)",
    "tags": [
     "reports"
    ],
    "description": "The same parameters as the GET form, as a JSON object. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ChannelsReportParameters"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/reports/funnel": {
   "get": {
    "operationId": "getReportFunnel",
    "summary": "Report: Funnel conversion between 2–20 steps",
    "tags": [
     "reports"
    ],
    "description": "Parameters as query. 404 for an unknown `segment`. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "from",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     {
      "name": "to",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     {
      "name": "as_of",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     {
      "name": "segment",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a saved segment's users."
     },
     {
      "name": "layer",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     {
      "name": "format",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv"
       ],
       "default": "json"
      },
      "description": "`csv` returns the report's table as CSV."
     },
     {
      "name": "steps",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Required: 2–20 events separated by commas outside parentheses, each with optional filters, e.g. `view_item(category = books),add_to_cart,purchase`.",
      "required": true
     },
     {
      "name": "window",
      "in": "query",
      "schema": {
       "type": "string",
       "pattern": "^[0-9]+[mhd]$",
       "default": "24h"
      },
      "description": "1 minute to 90 days, e.g. `30m`, `24h`, `7d`, from each step-1 event."
     },
     {
      "name": "order",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "loose",
        "strict"
       ],
       "default": "loose"
      }
     },
     {
      "name": "breakdown",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "A user attribute: `channel`, `last_city`, `trait:city`, or a numeric attribute (cut into ranges)."
     },
     {
      "name": "top",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 50,
       "default": 10
      },
      "description": "Breakdown values of step 1 shown."
     }
    ],
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "postReportFunnel",
    "summary": "Report (JSON body): Funnel conversion between 2–20 steps",
    "tags": [
     "reports"
    ],
    "description": "The same parameters as the GET form, as a JSON object. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/FunnelReportParameters"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/reports/funnel/segment": {
   "post": {
    "operationId": "saveFunnelStepSegment",
    "summary": "Save a funnel step's drop-offs (or conversions) as a segment",
    "tags": [
     "reports"
    ],
    "description": "The funnel's parameters plus `step`, `which` and `name` (JSON body only). 409 when the name is taken.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/FunnelSegmentRequest"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Saved as a fixed segment.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Segment"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/reports/lift": {
   "get": {
    "operationId": "getReportLift",
    "summary": "Report: Attribute lift of a target against a base",
    "tags": [
     "reports"
    ],
    "description": "Parameters as query. 404 for an unknown `segment`. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "from",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     {
      "name": "to",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     {
      "name": "as_of",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     {
      "name": "segment",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a saved segment's users."
     },
     {
      "name": "layer",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     {
      "name": "format",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv"
       ],
       "default": "json"
      },
      "description": "`csv` returns the report's table as CSV."
     },
     {
      "name": "event",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Target: an event done within the range (with optional filters). Give exactly one of event, target_segment, target_layer, target."
     },
     {
      "name": "target_segment",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Target: a saved segment."
     },
     {
      "name": "target_layer",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Target: a model layer."
     },
     {
      "name": "target",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Target: a rule in text form."
     },
     {
      "name": "by",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Comma-separated dimensions. Default: first-touch channel, last city, last device and every trait with at most 100 values or only numbers."
     },
     {
      "name": "top",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 100,
       "default": 30
      },
      "description": "Values kept per text dimension; the rest fold into \"(other)\"."
     },
     {
      "name": "bins",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 2,
       "maximum": 10,
       "default": 5
      },
      "description": "Quantile ranges for numeric dimensions."
     },
     {
      "name": "base",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "all",
        "active"
       ],
       "default": "all"
      }
     },
     {
      "name": "missing",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "hide",
        "show"
       ],
       "default": "hide"
      },
      "description": "`show` adds \"(none)\" rows."
     }
    ],
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "postReportLift",
    "summary": "Report (JSON body): Attribute lift of a target against a base",
    "tags": [
     "reports"
    ],
    "description": "The same parameters as the GET form, as a JSON object. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/LiftReportParameters"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/reports/ltv": {
   "get": {
    "operationId": "getReportLtv",
    "summary": "Report: Lifetime value by cohort",
    "tags": [
     "reports"
    ],
    "description": "Parameters as query. 404 for an unknown `segment`. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "from",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     {
      "name": "to",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     {
      "name": "as_of",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     {
      "name": "segment",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a saved segment's users."
     },
     {
      "name": "layer",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     {
      "name": "format",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv"
       ],
       "default": "json"
      },
      "description": "`csv` returns the report's table as CSV."
     },
     {
      "name": "periods",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 104,
       "default": 12
      }
     },
     {
      "name": "unit",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "week",
        "day"
       ],
       "default": "week"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "postReportLtv",
    "summary": "Report (JSON body): Lifetime value by cohort",
    "tags": [
     "reports"
    ],
    "description": "The same parameters as the GET form, as a JSON object. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/LtvReportParameters"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/reports/retention": {
   "get": {
    "operationId": "getReportRetention",
    "summary": "Report: Cohort retention",
    "tags": [
     "reports"
    ],
    "description": "Parameters as query. 404 for an unknown `segment`. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "from",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     {
      "name": "to",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     {
      "name": "as_of",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     {
      "name": "segment",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a saved segment's users."
     },
     {
      "name": "layer",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     {
      "name": "format",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv"
       ],
       "default": "json"
      },
      "description": "`csv` returns the report's table as CSV."
     },
     {
      "name": "start_event",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Cohort event. Default: first seen."
     },
     {
      "name": "return_event",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Return event. Default: anything."
     },
     {
      "name": "periods",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 120,
       "default": 30
      }
     },
     {
      "name": "unit",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "day",
        "week"
       ],
       "default": "day"
      }
     },
     {
      "name": "mode",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "on",
        "on_or_after"
       ],
       "default": "on"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "postReportRetention",
    "summary": "Report (JSON body): Cohort retention",
    "tags": [
     "reports"
    ],
    "description": "The same parameters as the GET form, as a JSON object. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/RetentionReportParameters"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/reports/trend": {
   "get": {
    "operationId": "getReportTrend",
    "summary": "Report: An event per hour, day, week or month, with breakdown and comparison",
    "tags": [
     "reports"
    ],
    "description": "Parameters as query. 404 for an unknown `segment`. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "from",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     {
      "name": "to",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     {
      "name": "as_of",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     {
      "name": "segment",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a saved segment's users."
     },
     {
      "name": "layer",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     {
      "name": "format",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv"
       ],
       "default": "json"
      },
      "description": "`csv` returns the report's table as CSV."
     },
     {
      "name": "event",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Required: an event with optional filters, e.g. `view_item(category = books)`.",
      "required": true
     },
     {
      "name": "measure",
      "in": "query",
      "schema": {
       "type": "string",
       "pattern": "^(count|users|sum:.+|average:.+)$",
       "default": "count"
      },
      "description": "`count`, `users`, `sum:PROP` or `average:PROP`."
     },
     {
      "name": "unit",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "hour",
        "day",
        "week",
        "month"
       ],
       "default": "day"
      }
     },
     {
      "name": "breakdown",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "`property:NAME` or `trait:NAME` (a bare name is a property)."
     },
     {
      "name": "top",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 50,
       "default": 10
      },
      "description": "Breakdown values shown; the rest are \"other\"."
     },
     {
      "name": "compare",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "true",
        "false"
       ],
       "default": "false"
      },
      "description": "`true` adds the previous period."
     }
    ],
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "postReportTrend",
    "summary": "Report (JSON body): An event per hour, day, week or month, with breakdown and comparison",
    "tags": [
     "reports"
    ],
    "description": "The same parameters as the GET form, as a JSON object. The report's working memory is estimated before it runs (512 MB budget by default); a report over it is refused with 400 naming the parameter to narrow (`from`, `steps`, `top`, `unit`).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/TrendReportParameters"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/reports/{report}": {
   "get": {
    "operationId": "getReportByName",
    "summary": "Any other report name",
    "tags": [
     "reports"
    ],
    "description": "Catch-all behind the seven report paths: a name other than activity, trend, retention, funnel, lift, channels, ltv answers 404 listing the reports (the seven names are matched by their own paths first). GET only.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "report",
      "in": "path",
      "required": true,
      "description": "Report name.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "The report as JSON, or its table as CSV with `format=csv`.",
      "headers": {
       "Content-Disposition": {
        "schema": {
         "type": "string"
        },
        "description": "With format=csv: attachment; filename=\"KIND.csv\""
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/segments": {
   "post": {
    "operationId": "saveSegment",
    "summary": "Save (or replace) a named segment",
    "tags": [
     "segments"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentSaveRequest"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Saved, with its size.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Segment"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "get": {
    "operationId": "listSegments",
    "summary": "Saved segments with live sizes",
    "tags": [
     "segments"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SegmentList"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/segments/preview": {
   "post": {
    "operationId": "previewSegment",
    "summary": "Preview an unsaved rule",
    "tags": [
     "segments"
    ],
    "description": "Size, a sample (0–100 users, default 10) and the rule's description in Chinese and English. Invalid rules are refused naming the offending part; rules nest at most 32 levels.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentPreviewRequest"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SegmentPreview"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/segments/{name}": {
   "get": {
    "operationId": "getSegment",
    "summary": "One segment with its size and a sample",
    "tags": [
     "segments"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/segmentName"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Segment"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "delete": {
    "operationId": "deleteSegment",
    "summary": "Delete a segment",
    "tags": [
     "segments"
    ],
    "description": "409 while other segments or rule tags use it.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/segmentName"
     }
    ],
    "responses": {
     "204": {
      "$ref": "#/components/responses/NoContent"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/segments/{name}/export": {
   "get": {
    "operationId": "exportSegment",
    "summary": "Members as CSV (streamed)",
    "tags": [
     "segments"
    ],
    "description": "Columns `uid,user_id,anonymous_ids,` then the chosen traits and computed attributes.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/segmentName"
     },
     {
      "$ref": "#/components/parameters/traits"
     },
     {
      "$ref": "#/components/parameters/asOf"
     }
    ],
    "responses": {
     "200": {
      "$ref": "#/components/responses/CSV"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/segments/{name}/history": {
   "get": {
    "operationId": "getSegmentHistory",
    "summary": "Size per day from the daily snapshots",
    "tags": [
     "segments"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/segmentName"
     },
     {
      "name": "from",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "First day."
     },
     {
      "name": "to",
      "in": "query",
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "Last day."
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SegmentHistory"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/snapshots": {
   "get": {
    "operationId": "listSnapshotDays",
    "summary": "Days with stored snapshots",
    "tags": [
     "flow"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SnapshotDays"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "takeSnapshots",
    "summary": "Take the snapshots of a day now",
    "tags": [
     "flow"
    ],
    "description": "Every segment and model layer for `day` (default today; a past day as of its end). Body optional (`Content-Length: 0`), at most 4 KB.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "day": {
          "type": "string",
          "format": "date"
         }
        }
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Taken.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SnapshotTaken"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/stats": {
   "get": {
    "operationId": "getStats",
    "summary": "Store statistics",
    "tags": [
     "admin"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Stats"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/suppressions": {
   "get": {
    "operationId": "listSuppressions",
    "summary": "The suppression list",
    "tags": [
     "suppressions"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "channel",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Only this channel (`*` for every channel)."
     },
     {
      "name": "limit",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 10000,
       "default": 50
      },
      "description": "1–10000."
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SuppressionList"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "addSuppressions",
    "summary": "Suppress addresses or users",
    "tags": [
     "suppressions"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SuppressionRequest"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Stored (all or none).",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "suppressed"
         ],
         "properties": {
          "suppressed": {
           "type": "integer"
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/suppressions/{channel}/{address}": {
   "delete": {
    "operationId": "deleteSuppression",
    "summary": "Lift one suppression",
    "tags": [
     "suppressions"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "channel",
      "in": "path",
      "required": true,
      "description": "Channel kind or `*`.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "address",
      "in": "path",
      "required": true,
      "description": "The suppressed address (percent-encoded; matched lower-cased), or `uid:N`.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "204": {
      "$ref": "#/components/responses/NoContent"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/tags": {
   "get": {
    "operationId": "listTags",
    "summary": "Tags with live sizes",
    "tags": [
     "tags"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TagList"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "saveTag",
    "summary": "Create or update a tag",
    "tags": [
     "tags"
    ],
    "description": "A manual tag, or with `segment` a rule tag following that segment. 409 when it would change a tag's kind.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/TagSaveRequest"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Updated (the tag existed).",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Tag"
        }
       }
      }
     },
     "201": {
      "description": "Created.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Tag"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/tags/{name}": {
   "get": {
    "operationId": "getTag",
    "summary": "One tag with its size and a sample",
    "tags": [
     "tags"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/tagName"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Tag"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "delete": {
    "operationId": "deleteTag",
    "summary": "Delete a tag",
    "tags": [
     "tags"
    ],
    "description": "409 while segments use it.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/tagName"
     }
    ],
    "responses": {
     "204": {
      "$ref": "#/components/responses/NoContent"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/tags/{name}/export": {
   "get": {
    "operationId": "exportTag",
    "summary": "The tag's users as CSV (streamed)",
    "tags": [
     "tags"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/tagName"
     },
     {
      "$ref": "#/components/parameters/traits"
     }
    ],
    "responses": {
     "200": {
      "$ref": "#/components/responses/CSV"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/tags/{name}/members": {
   "post": {
    "operationId": "changeTagMembers",
    "summary": "Add, remove or replace a manual tag's members",
    "tags": [
     "tags"
    ],
    "description": "JSON `{\"user_ids\": [...]}` or `{\"segment\": NAME}`, or a `text/csv` (any `text/*`) upload of ids in the first column (a `user_id` header is skipped): 64 KB per line, 1,000 fields, 100,000 ids; 400 with the line number. Up to 100,000 ids a call; one unknown id and nothing changes. Body at most 8 MB. 409 for a rule tag.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/tagName"
     },
     {
      "name": "mode",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "add",
        "remove",
        "replace"
       ],
       "default": "add"
      },
      "description": "Also settable as `mode` in a JSON body, which wins."
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/TagMembersRequest"
       }
      },
      "text/csv": {
       "schema": {
        "type": "string",
        "description": "Ids in the first column."
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TagMembersResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/users": {
   "get": {
    "operationId": "listUsers",
    "summary": "Search profiles",
    "tags": [
     "admin"
    ],
    "description": "Any `trait.KEY=VALUE` query parameter (e.g. `trait.city=Shanghai`) filters on a trait's value. Empty parameters are ignored; a repeated name keeps its first value.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "name": "cursor",
      "in": "query",
      "schema": {
       "type": "integer",
       "format": "int64"
      },
      "description": "`next_cursor` of the previous page."
     },
     {
      "name": "q",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Substring of a user id or anonymous id."
     },
     {
      "name": "known",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "true",
        "1",
        "false",
        "0"
       ]
      },
      "description": "`true`/`1`: known users only; any other value: anonymous only."
     },
     {
      "name": "min_first_seen",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At least this first_seen (ms since the epoch)."
     },
     {
      "name": "max_first_seen",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At most this first_seen (ms since the epoch)."
     },
     {
      "name": "min_last_seen",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At least this last_seen (ms since the epoch)."
     },
     {
      "name": "max_last_seen",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At most this last_seen (ms since the epoch)."
     },
     {
      "name": "min_last_purchase_at",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At least this last_purchase_at (ms since the epoch)."
     },
     {
      "name": "max_last_purchase_at",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At most this last_purchase_at (ms since the epoch)."
     },
     {
      "name": "min_event_count",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At least this event_count (count)."
     },
     {
      "name": "max_event_count",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At most this event_count (count)."
     },
     {
      "name": "min_active_days",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At least this active_days (count)."
     },
     {
      "name": "max_active_days",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At most this active_days (count)."
     },
     {
      "name": "min_purchase_count",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At least this purchase_count (count)."
     },
     {
      "name": "max_purchase_count",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At most this purchase_count (count)."
     },
     {
      "name": "min_revenue",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At least this revenue (currency units)."
     },
     {
      "name": "max_revenue",
      "in": "query",
      "schema": {
       "type": "number"
      },
      "description": "At most this revenue (currency units)."
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/UserList"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/deletions/{job}": {
   "get": {
    "operationId": "getDeletion",
    "summary": "An erasure job's progress",
    "tags": [
     "admin"
    ],
    "description": "State (`running`, `done`), step, and counts of what was removed so far. Needs the erasePersonalData permission.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "job",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "pattern": "^del_[0-9a-f]{20}$"
      },
      "description": "The job id from the DELETE answer."
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "job",
          "mode",
          "state",
          "step",
          "requested_by",
          "requested_at",
          "removed"
         ],
         "properties": {
          "job": {
           "type": "string",
           "pattern": "^del_[0-9a-f]{20}$"
          },
          "mode": {
           "type": "string",
           "enum": [
            "suppress",
            "delete_only"
           ]
          },
          "state": {
           "type": "string",
           "enum": [
            "running",
            "done"
           ]
          },
          "step": {
           "type": "string"
          },
          "requested_by": {
           "type": "string"
          },
          "requested_at": {
           "type": "string"
          },
          "finished_at": {
           "type": "string"
          },
          "removed": {
           "type": "object",
           "additionalProperties": {
            "type": "number"
           }
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/users/{userId}": {
   "delete": {
    "operationId": "eraseUser",
    "summary": "Erase a person (durable job)",
    "tags": [
     "admin"
    ],
    "description": "Erases the person with this known or anonymous id (or `#uid`): the profile and every identity merged into it, traits, events (far-future and quarantined ones included), tag memberships, snapshot memberships, outbox rows and rendered messages, inbox items, consent records and suppression rows that hold their addresses. The request removes the profile, ids and addresses at once; the rest goes in small transactions that resume after a crash. `mode=suppress` (the default) keeps keyed digests of the ids and addresses, so re-sent events (code `erased`) and later sends are refused; `mode=delete_only` keeps nothing. Deleted bytes are zeroed and the write-ahead log truncated. Answers 202 with the job and `Location: /api/v1/deletions/{job}`; asking again for the same person answers 200 with the same job. The audit log names the job, never the person. Needs the erasePersonalData permission (admin keys).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/userId"
     },
     {
      "name": "mode",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "suppress",
        "delete_only"
       ]
      },
      "description": "What stays behind (default suppress)."
     }
    ],
    "responses": {
     "200": {
      "description": "The person's erasure was requested before: that job.",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "job",
          "mode",
          "state",
          "step",
          "requested_by",
          "requested_at",
          "removed"
         ],
         "properties": {
          "job": {
           "type": "string",
           "pattern": "^del_[0-9a-f]{20}$"
          },
          "mode": {
           "type": "string",
           "enum": [
            "suppress",
            "delete_only"
           ]
          },
          "state": {
           "type": "string",
           "enum": [
            "running",
            "done"
           ]
          },
          "step": {
           "type": "string"
          },
          "requested_by": {
           "type": "string"
          },
          "requested_at": {
           "type": "string"
          },
          "finished_at": {
           "type": "string"
          },
          "removed": {
           "type": "object",
           "additionalProperties": {
            "type": "number"
           }
          }
         }
        }
       }
      }
     },
     "202": {
      "description": "Erasure started.",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "job",
          "mode",
          "state",
          "step",
          "requested_by",
          "requested_at",
          "removed"
         ],
         "properties": {
          "job": {
           "type": "string",
           "pattern": "^del_[0-9a-f]{20}$"
          },
          "mode": {
           "type": "string",
           "enum": [
            "suppress",
            "delete_only"
           ]
          },
          "state": {
           "type": "string",
           "enum": [
            "running",
            "done"
           ]
          },
          "step": {
           "type": "string"
          },
          "requested_by": {
           "type": "string"
          },
          "requested_at": {
           "type": "string"
          },
          "finished_at": {
           "type": "string"
          },
          "removed": {
           "type": "object",
           "additionalProperties": {
            "type": "number"
           }
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "get": {
    "operationId": "getUser",
    "summary": "One profile",
    "tags": [
     "admin"
    ],
    "description": "By known or anonymous id: ids, traits, computed attributes.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/userId"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Profile"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/users/{userId}/events": {
   "get": {
    "operationId": "listUserEvents",
    "summary": "A profile's timeline, newest first",
    "tags": [
     "admin"
    ],
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/userId"
     },
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "name": "cursor",
      "in": "query",
      "schema": {
       "type": "string",
       "pattern": "^-?[0-9]+\\.[0-9]+$"
      },
      "description": "`next_cursor` of the previous page (`TIMESTAMP.ID`)."
     },
     {
      "name": "name",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Event name."
     },
     {
      "name": "from",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "A date (`2026-09-01`) or ISO 8601 time."
     },
     {
      "name": "to",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "A date (inclusive: the end of that day) or ISO 8601 time."
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/EventList"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/users/{userId}/export": {
   "get": {
    "operationId": "exportUser",
    "summary": "Everything held about one person",
    "tags": [
     "admin"
    ],
    "description": "A data-subject access request (个人信息导出): the profile with every identity merged into it, traits and computed attributes, events (newest first, at most 100,000; `events_truncated` says when there are more), the segments and tags the person is in now, messages sent and the inbox. Needs the exportMembers permission (admin or operator keys).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/userId"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "profile",
          "events",
          "segments",
          "tags",
          "messages",
          "inbox"
         ],
         "properties": {
          "exported_at": {
           "type": "string"
          },
          "profile": {
           "type": "object",
           "additionalProperties": true
          },
          "events": {
           "type": "array",
           "items": {
            "type": "object",
            "additionalProperties": true
           }
          },
          "events_truncated": {
           "type": "boolean"
          },
          "segments": {
           "type": "array",
           "items": {
            "type": "string"
           }
          },
          "tags": {
           "type": "array",
           "items": {
            "type": "string"
           }
          },
          "messages": {
           "type": "array",
           "items": {
            "type": "object",
            "additionalProperties": true
           }
          },
          "inbox": {
           "type": "array",
           "items": {
            "type": "object",
            "additionalProperties": true
           }
          }
         }
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/batch": {
   "post": {
    "operationId": "posthogBatch",
    "summary": "PostHog capture (/batch/)",
    "tags": [
     "ingestion"
    ],
    "description": "PostHog capture API; clients send it with a trailing slash (`/batch/`), both match. The key is `api_key` or `token` in the body (or `properties.token`), else the Authorization header (the body wins here, unlike the Segment routes). Body at most 500 KB after decompression, 2,500 events. A gzip body is unpacked with `Content-Encoding: gzip`, or with `?compression=gzip…` when it starts with gzip's magic bytes. Refused events are listed in `rejected` and quarantined.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "compression",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "`gzip-js` (any value starting with gzip): the body may be gzip without a Content-Encoding header."
     },
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/PostHogBody"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PostHogResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/c/{token}": {
   "get": {
    "operationId": "trackClick",
    "summary": "Tracked click",
    "tags": [
     "tracking-links"
    ],
    "security": [],
    "parameters": [
     {
      "$ref": "#/components/parameters/token"
     }
    ],
    "responses": {
     "302": {
      "description": "Redirect to the link's target; records `Message Clicked`.",
      "headers": {
       "Location": {
        "schema": {
         "type": "string",
         "format": "uri"
        }
       }
      }
     },
     "404": {
      "description": "The link is not valid, or its target is not http(s) (HTML page).",
      "content": {
       "text/html": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/capture": {
   "post": {
    "operationId": "posthogCapture",
    "summary": "PostHog capture (/capture/)",
    "tags": [
     "ingestion"
    ],
    "description": "PostHog capture API; clients send it with a trailing slash (`/capture/`), both match. The key is `api_key` or `token` in the body (or `properties.token`), else the Authorization header (the body wins here, unlike the Segment routes). Body at most 500 KB after decompression, 2,500 events. A gzip body is unpacked with `Content-Encoding: gzip`, or with `?compression=gzip…` when it starts with gzip's magic bytes. Refused events are listed in `rejected` and quarantined.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "compression",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "`gzip-js` (any value starting with gzip): the body may be gzip without a Content-Encoding header."
     },
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/PostHogBody"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PostHogResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/e": {
   "post": {
    "operationId": "posthogE",
    "summary": "PostHog capture (/e/)",
    "tags": [
     "ingestion"
    ],
    "description": "PostHog capture API; clients send it with a trailing slash (`/e/`), both match. The key is `api_key` or `token` in the body (or `properties.token`), else the Authorization header (the body wins here, unlike the Segment routes). Body at most 500 KB after decompression, 2,500 events. A gzip body is unpacked with `Content-Encoding: gzip`, or with `?compression=gzip…` when it starts with gzip's magic bytes. Refused events are listed in `rejected` and quarantined.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "compression",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "`gzip-js` (any value starting with gzip): the body may be gzip without a Content-Encoding header."
     },
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/PostHogBody"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PostHogResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/health": {
   "get": {
    "operationId": "getHealth",
    "summary": "Liveness check",
    "tags": [
     "system"
    ],
    "description": "`{\"status\": \"ok\"}`; no auth.",
    "security": [],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Health"
        }
       }
      }
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/i/v0/e": {
   "post": {
    "operationId": "posthogIV0E",
    "summary": "PostHog capture (/i/v0/e/)",
    "tags": [
     "ingestion"
    ],
    "description": "PostHog capture API; clients send it with a trailing slash (`/i/v0/e/`), both match. The key is `api_key` or `token` in the body (or `properties.token`), else the Authorization header (the body wins here, unlike the Segment routes). Body at most 500 KB after decompression, 2,500 events. A gzip body is unpacked with `Content-Encoding: gzip`, or with `?compression=gzip…` when it starts with gzip's magic bytes. Refused events are listed in `rejected` and quarantined.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "compression",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "`gzip-js` (any value starting with gzip): the body may be gzip without a Content-Encoding header."
     },
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/PostHogBody"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PostHogResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/metrics": {
   "get": {
    "operationId": "getMetrics",
    "summary": "Prometheus metrics",
    "tags": [
     "system"
    ],
    "description": "No auth.",
    "security": [],
    "responses": {
     "200": {
      "description": "Prometheus text format 0.0.4: strata_messages_accepted_total, strata_messages_duplicate_total, strata_messages_quarantined_total, strata_store_write_seconds, strata_http_request_seconds.",
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/o/{token}": {
   "get": {
    "operationId": "trackOpen",
    "summary": "Open pixel",
    "tags": [
     "tracking-links"
    ],
    "security": [],
    "parameters": [
     {
      "$ref": "#/components/parameters/token"
     }
    ],
    "responses": {
     "200": {
      "description": "A transparent 1×1 GIF (`Cache-Control: no-store`), also for an invalid token. A valid one records `Message Opened`.",
      "content": {
       "image/gif": {
        "schema": {
         "type": "string",
         "contentEncoding": "binary"
        }
       }
      }
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/public/campaigns/{name}/winners": {
   "get": {
    "operationId": "getPublishedWinners",
    "summary": "The published winners list (public)",
    "tags": [
     "campaigns"
    ],
    "description": "No auth. 404 when nothing was published for the campaign.",
    "security": [],
    "parameters": [
     {
      "$ref": "#/components/parameters/campaignName"
     },
     {
      "name": "format",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "html"
       ],
       "default": "json"
      },
      "description": "`html` for a printable page."
     }
    ],
    "responses": {
     "200": {
      "description": "Masked ids, ranks and scores (no uids).",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Winners"
        }
       },
       "text/html": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/track": {
   "post": {
    "operationId": "posthogTrack",
    "summary": "PostHog capture (/track/)",
    "tags": [
     "ingestion"
    ],
    "description": "PostHog capture API; clients send it with a trailing slash (`/track/`), both match. The key is `api_key` or `token` in the body (or `properties.token`), else the Authorization header (the body wins here, unlike the Segment routes). Body at most 500 KB after decompression, 2,500 events. A gzip body is unpacked with `Content-Encoding: gzip`, or with `?compression=gzip…` when it starts with gzip's magic bytes. Refused events are listed in `rejected` and quarantined.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "compression",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "`gzip-js` (any value starting with gzip): the body may be gzip without a Content-Encoding header."
     },
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/PostHogBody"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PostHogResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/u/{token}": {
   "get": {
    "operationId": "getUnsubscribePage",
    "summary": "One-click unsubscribe: confirmation page",
    "tags": [
     "tracking-links"
    ],
    "description": "No auth; signed token.",
    "security": [],
    "parameters": [
     {
      "$ref": "#/components/parameters/token"
     }
    ],
    "responses": {
     "200": {
      "description": "Confirmation page with a POST form (link scanners unsubscribe nobody).",
      "content": {
       "text/html": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "404": {
      "description": "The link is not valid (HTML page, not the JSON error).",
      "content": {
       "text/html": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   },
   "post": {
    "operationId": "unsubscribe",
    "summary": "One-click unsubscribe (RFC 8058)",
    "tags": [
     "tracking-links"
    ],
    "description": "No auth; signed token. The body (`List-Unsubscribe=One-Click`) is not read.",
    "security": [],
    "parameters": [
     {
      "$ref": "#/components/parameters/token"
     }
    ],
    "responses": {
     "200": {
      "description": "Unsubscribed; recorded as an `Unsubscribed` event.",
      "content": {
       "text/html": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "404": {
      "description": "The link is not valid (HTML page).",
      "content": {
       "text/html": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/a": {
   "post": {
    "operationId": "ingestAliasShort",
    "summary": "Send one alias message (analytics.js short form /v1/a)",
    "tags": [
     "ingestion"
    ],
    "description": "Segment HTTP Tracking API `alias`; the message's `type` is forced to `alias`. Body at most 32 KB (after gzip). A refused message is kept in quarantine and answered with its error (400; 409 identity_conflict when it would merge two different known users). With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentMessage"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string",
        "description": "The same JSON sent as text/plain (analytics.js)."
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/alias": {
   "post": {
    "operationId": "ingestAlias",
    "summary": "Send one alias message",
    "tags": [
     "ingestion"
    ],
    "description": "Segment HTTP Tracking API `alias`; the message's `type` is forced to `alias`. Body at most 32 KB (after gzip). A refused message is kept in quarantine and answered with its error (400; 409 identity_conflict when it would merge two different known users). With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentMessage"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string",
        "description": "The same JSON sent as text/plain (analytics.js)."
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/b": {
   "post": {
    "operationId": "ingestBatchShort",
    "summary": "Send a batch (analytics.js short form /v1/b)",
    "tags": [
     "ingestion"
    ],
    "description": "Body `{\"batch\": [...]}`: at most 500 KB after gzip is undone and 2,500 messages (413 past either). Each message needs its `type`. With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentBatch"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Stored; refused messages are listed in `rejected` and kept in quarantine in the same transaction.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/batch": {
   "post": {
    "operationId": "ingestBatch",
    "summary": "Send a batch of messages",
    "tags": [
     "ingestion"
    ],
    "description": "Body `{\"batch\": [...]}`: at most 500 KB after gzip is undone and 2,500 messages (413 past either). Each message needs its `type`. With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentBatch"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Stored; refused messages are listed in `rejected` and kept in quarantine in the same transaction.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/g": {
   "post": {
    "operationId": "ingestGroupShort",
    "summary": "Send one group message (analytics.js short form /v1/g)",
    "tags": [
     "ingestion"
    ],
    "description": "Segment HTTP Tracking API `group`; the message's `type` is forced to `group`. Body at most 32 KB (after gzip). A refused message is kept in quarantine and answered with its error (400; 409 identity_conflict when it would merge two different known users). With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentMessage"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string",
        "description": "The same JSON sent as text/plain (analytics.js)."
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/group": {
   "post": {
    "operationId": "ingestGroup",
    "summary": "Send one group message",
    "tags": [
     "ingestion"
    ],
    "description": "Segment HTTP Tracking API `group`; the message's `type` is forced to `group`. Body at most 32 KB (after gzip). A refused message is kept in quarantine and answered with its error (400; 409 identity_conflict when it would merge two different known users). With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentMessage"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string",
        "description": "The same JSON sent as text/plain (analytics.js)."
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/i": {
   "post": {
    "operationId": "ingestIdentifyShort",
    "summary": "Send one identify message (analytics.js short form /v1/i)",
    "tags": [
     "ingestion"
    ],
    "description": "Segment HTTP Tracking API `identify`; the message's `type` is forced to `identify`. Body at most 32 KB (after gzip). A refused message is kept in quarantine and answered with its error (400; 409 identity_conflict when it would merge two different known users). With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentMessage"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string",
        "description": "The same JSON sent as text/plain (analytics.js)."
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/identify": {
   "post": {
    "operationId": "ingestIdentify",
    "summary": "Send one identify message",
    "tags": [
     "ingestion"
    ],
    "description": "Segment HTTP Tracking API `identify`; the message's `type` is forced to `identify`. Body at most 32 KB (after gzip). A refused message is kept in quarantine and answered with its error (400; 409 identity_conflict when it would merge two different known users). With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentMessage"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string",
        "description": "The same JSON sent as text/plain (analytics.js)."
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/import": {
   "post": {
    "operationId": "ingestImport",
    "summary": "Send a batch (Segment's /v1/import)",
    "tags": [
     "ingestion"
    ],
    "description": "Body `{\"batch\": [...]}`: at most 500 KB after gzip is undone and 2,500 messages (413 past either). Each message needs its `type`. With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentBatch"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Stored; refused messages are listed in `rejected` and kept in quarantine in the same transaction.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/inbox": {
   "get": {
    "operationId": "listInbox",
    "summary": "The user's in-app inbox",
    "tags": [
     "inbox"
    ],
    "description": "Write key in the Authorization header only (Basic or Bearer). Give `userId` or `anonymousId`, with `userHash`: the hex HMAC-SHA256 of that id under the workspace's identity secret (`strata keys identity-secret`), computed by the app's server. Without a valid proof the answer is 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "userId",
      "in": "query",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "anonymousId",
      "in": "query",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "userHash",
      "in": "query",
      "description": "Hex HMAC-SHA256 of the id under the identity secret (or send it as the X-Strata-User-Hash header).",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "X-Strata-User-Hash",
      "in": "header",
      "description": "The proof, instead of `userHash`.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 100,
       "default": 50
      },
      "description": "1–100."
     },
     {
      "name": "before",
      "in": "query",
      "schema": {
       "type": "integer",
       "format": "int64"
      },
      "description": "Message id to page before."
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/InboxList"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/inbox/{id}/clicked": {
   "post": {
    "operationId": "markInboxClicked",
    "summary": "Mark an inbox message clicked",
    "tags": [
     "inbox"
    ],
    "description": "Write key as HTTP Basic/Bearer or `writeKey` in the body. Body at most 8 KB.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The inbox message id (a whole number).",
      "schema": {
       "type": "integer",
       "format": "int64"
      }
     },
     {
      "name": "X-Strata-User-Hash",
      "in": "header",
      "description": "The proof, instead of `userHash` in the body.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/InboxMarkRequest"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Ok"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/inbox/{id}/read": {
   "post": {
    "operationId": "markInboxRead",
    "summary": "Mark an inbox message read",
    "tags": [
     "inbox"
    ],
    "description": "Write key as HTTP Basic/Bearer or `writeKey` in the body. Body at most 8 KB.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The inbox message id (a whole number).",
      "schema": {
       "type": "integer",
       "format": "int64"
      }
     },
     {
      "name": "X-Strata-User-Hash",
      "in": "header",
      "description": "The proof, instead of `userHash` in the body.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/InboxMarkRequest"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Ok"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/p": {
   "post": {
    "operationId": "ingestPageShort",
    "summary": "Send one page message (analytics.js short form /v1/p)",
    "tags": [
     "ingestion"
    ],
    "description": "Segment HTTP Tracking API `page`; the message's `type` is forced to `page`. Body at most 32 KB (after gzip). A refused message is kept in quarantine and answered with its error (400; 409 identity_conflict when it would merge two different known users). With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentMessage"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string",
        "description": "The same JSON sent as text/plain (analytics.js)."
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/page": {
   "post": {
    "operationId": "ingestPage",
    "summary": "Send one page message",
    "tags": [
     "ingestion"
    ],
    "description": "Segment HTTP Tracking API `page`; the message's `type` is forced to `page`. Body at most 32 KB (after gzip). A refused message is kept in quarantine and answered with its error (400; 409 identity_conflict when it would merge two different known users). With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentMessage"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string",
        "description": "The same JSON sent as text/plain (analytics.js)."
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/s": {
   "post": {
    "operationId": "ingestScreenShort",
    "summary": "Send one screen message (analytics.js short form /v1/s)",
    "tags": [
     "ingestion"
    ],
    "description": "Segment HTTP Tracking API `screen`; the message's `type` is forced to `screen`. Body at most 32 KB (after gzip). A refused message is kept in quarantine and answered with its error (400; 409 identity_conflict when it would merge two different known users). With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentMessage"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string",
        "description": "The same JSON sent as text/plain (analytics.js)."
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/screen": {
   "post": {
    "operationId": "ingestScreen",
    "summary": "Send one screen message",
    "tags": [
     "ingestion"
    ],
    "description": "Segment HTTP Tracking API `screen`; the message's `type` is forced to `screen`. Body at most 32 KB (after gzip). A refused message is kept in quarantine and answered with its error (400; 409 identity_conflict when it would merge two different known users). With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentMessage"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string",
        "description": "The same JSON sent as text/plain (analytics.js)."
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/t": {
   "post": {
    "operationId": "ingestTrackShort",
    "summary": "Send one track message (analytics.js short form /v1/t)",
    "tags": [
     "ingestion"
    ],
    "description": "Segment HTTP Tracking API `track`; the message's `type` is forced to `track`. Body at most 32 KB (after gzip). A refused message is kept in quarantine and answered with its error (400; 409 identity_conflict when it would merge two different known users). With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentMessage"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string",
        "description": "The same JSON sent as text/plain (analytics.js)."
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/track": {
   "post": {
    "operationId": "ingestTrack",
    "summary": "Send one track message",
    "tags": [
     "ingestion"
    ],
    "description": "Segment HTTP Tracking API `track`; the message's `type` is forced to `track`. Body at most 32 KB (after gzip). A refused message is kept in quarantine and answered with its error (400; 409 identity_conflict when it would merge two different known users). With or without a trailing slash. Auth: the write key as the HTTP Basic user name (`WRITE_KEY:` in base64) or as `Authorization: Bearer KEY`, or `writeKey` in the JSON body (any Content-Type, `text/plain` included, as analytics.js sends it). A secret key is accepted wherever a write key is. The header wins over the body. The body is read (and its size checked) before the key, so 413/400 can come before 401.",
    "security": [
     {
      "writeKeyBasic": []
     },
     {
      "secretKeyBearer": []
     },
     {}
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/contentEncoding"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SegmentMessage"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string",
        "description": "The same JSON sent as text/plain (analytics.js)."
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/points/awards": {
   "post": {
    "operationId": "awardPoints",
    "summary": "Award points or growth",
    "tags": [
     "admin"
    ],
    "description": "Points or growth value from the issuance account. Points become a lot that expires at `expires_at`, or by the workspace's rule (`--points-expiry`, default the end of the 12th month after earning). Needs the editCampaigns permission (admin or operator keys).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/idempotencyKey"
     }
    ],
    "responses": {
     "201": {
      "description": "The transfer (also what a retry with the same key gets).",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Transfer"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "user_id",
         "amount"
        ],
        "additionalProperties": false,
        "properties": {
         "user_id": {
          "type": "string",
          "maxLength": 255,
          "description": "Known or anonymous id, or #uid."
         },
         "amount": {
          "type": "integer",
          "minimum": 1,
          "maximum": 1000000000
         },
         "reason": {
          "type": "string",
          "maxLength": 200
         },
         "currency": {
          "type": "string",
          "enum": [
           "points",
           "growth"
          ]
         },
         "expires_at": {
          "type": "string",
          "description": "ISO 8601 time."
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/points/spends": {
   "post": {
    "operationId": "spendPoints",
    "summary": "Spend points at once",
    "tags": [
     "admin"
    ],
    "description": "Moves points to the redemption account, taking the lots that expire first. 409 `insufficient_balance` when the available balance (balance less holds) is short; nothing is taken. Needs the editCampaigns permission (admin or operator keys).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/idempotencyKey"
     }
    ],
    "responses": {
     "201": {
      "description": "The transfer (also what a retry with the same key gets).",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Transfer"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "user_id",
         "amount"
        ],
        "additionalProperties": false,
        "properties": {
         "user_id": {
          "type": "string",
          "maxLength": 255,
          "description": "Known or anonymous id, or #uid."
         },
         "amount": {
          "type": "integer",
          "minimum": 1,
          "maximum": 1000000000
         },
         "reason": {
          "type": "string",
          "maxLength": 200
         },
         "currency": {
          "type": "string",
          "enum": [
           "points",
           "growth"
          ]
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/points/holds": {
   "post": {
    "operationId": "holdPoints",
    "summary": "Hold points for a redemption",
    "tags": [
     "admin"
    ],
    "description": "Reserves points (state `pending`) until the hold is posted or voided, exactly once; a hold past `timeout_seconds` (default 900) voids itself. Needs the editCampaigns permission (admin or operator keys).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/idempotencyKey"
     }
    ],
    "responses": {
     "201": {
      "description": "The transfer (also what a retry with the same key gets).",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Transfer"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "user_id",
         "amount"
        ],
        "additionalProperties": false,
        "properties": {
         "user_id": {
          "type": "string",
          "maxLength": 255,
          "description": "Known or anonymous id, or #uid."
         },
         "amount": {
          "type": "integer",
          "minimum": 1,
          "maximum": 1000000000
         },
         "reason": {
          "type": "string",
          "maxLength": 200
         },
         "timeout_seconds": {
          "type": "integer",
          "minimum": 1,
          "maximum": 2592000
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/points/holds/{hold}/post": {
   "post": {
    "operationId": "postHold",
    "summary": "Complete a hold",
    "tags": [
     "admin"
    ],
    "description": "The held points move to the redemption account. 409 when the hold is completed, voided or timed out. Needs the editCampaigns permission (admin or operator keys).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/idempotencyKey"
     },
     {
      "name": "hold",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "maxLength": 128
      },
      "description": "The hold's transfer id."
     }
    ],
    "responses": {
     "201": {
      "description": "The transfer (also what a retry with the same key gets).",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Transfer"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "object"
       }
      }
     }
    }
   }
  },
  "/api/v1/points/holds/{hold}/void": {
   "post": {
    "operationId": "voidHold",
    "summary": "Release a hold",
    "tags": [
     "admin"
    ],
    "description": "The held points return to the lots they came from (what expired meanwhile expires at once). 409 when the hold is settled already. Needs the editCampaigns permission (admin or operator keys).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/idempotencyKey"
     },
     {
      "name": "hold",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "maxLength": 128
      },
      "description": "The hold's transfer id."
     }
    ],
    "responses": {
     "201": {
      "description": "The transfer (also what a retry with the same key gets).",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Transfer"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "reason": {
          "type": "string",
          "maxLength": 200
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/points/refunds": {
   "post": {
    "operationId": "refundPoints",
    "summary": "Refund a spend",
    "tags": [
     "admin"
    ],
    "description": "Returns (part of) a spend or a completed hold, in lots that expire as the spent ones did. 409 when more than what is left of it. Needs the editCampaigns permission (admin or operator keys).",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/idempotencyKey"
     }
    ],
    "responses": {
     "201": {
      "description": "The transfer (also what a retry with the same key gets).",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Transfer"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "transfer_id",
         "amount"
        ],
        "additionalProperties": false,
        "properties": {
         "transfer_id": {
          "type": "string",
          "maxLength": 128
         },
         "amount": {
          "type": "integer",
          "minimum": 1,
          "maximum": 1000000000
         },
         "reason": {
          "type": "string",
          "maxLength": 200
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/users/{userId}/points": {
   "get": {
    "operationId": "getUserPoints",
    "summary": "A member's points",
    "tags": [
     "admin"
    ],
    "description": "Balances of points and growth, what holds keep, and the lots with points left, soonest to expire first.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/userId"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "points",
          "points_held",
          "points_available",
          "growth",
          "lots"
         ],
         "properties": {
          "points": {
           "type": "integer"
          },
          "points_held": {
           "type": "integer"
          },
          "points_available": {
           "type": "integer"
          },
          "growth": {
           "type": "integer"
          },
          "lots": {
           "type": "array",
           "items": {
            "type": "object",
            "properties": {
             "remaining": {
              "type": "integer"
             },
             "earned_at": {
              "type": "string"
             },
             "expires_at": {
              "type": [
               "string",
               "null"
              ]
             }
            }
           }
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/users/{userId}/points/history": {
   "get": {
    "operationId": "listUserPointTransfers",
    "summary": "A member's point transfers, newest first",
    "tags": [
     "admin"
    ],
    "description": "",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/userId"
     },
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "name": "currency",
      "in": "query",
      "schema": {
       "type": "string",
       "enum": [
        "points",
        "growth"
       ]
      }
     },
     {
      "name": "cursor",
      "in": "query",
      "schema": {
       "type": "string",
       "pattern": "^[0-9]+$"
      },
      "description": "`next_cursor` of the previous page."
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "transfers"
         ],
         "properties": {
          "transfers": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Transfer"
           }
          },
          "next_cursor": {
           "type": "string"
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/points/transfers/{id}": {
   "get": {
    "operationId": "getPointTransfer",
    "summary": "One transfer",
    "tags": [
     "admin"
    ],
    "description": "",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "maxLength": 128
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Transfer"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/points/verify": {
   "get": {
    "operationId": "verifyLedger",
    "summary": "Verify the ledger",
    "tags": [
     "admin"
    ],
    "description": "Checks every invariant against the entries: each currency's balances sum to zero, each cached balance and hold equals its entries, no account below zero, the lots hold every available balance.",
    "security": [
     {
      "secretKeyBearer": []
     }
    ],
    "parameters": [],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "sound",
          "problems"
         ],
         "properties": {
          "sound": {
           "type": "boolean"
          },
          "problems": {
           "type": "array",
           "items": {
            "type": "string"
           }
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  }
 },
 "components": {
  "securitySchemes": {
   "writeKeyBasic": {
    "type": "http",
    "scheme": "basic",
    "description": "The write key as the HTTP Basic user name with an empty password (`WRITE_KEY:` in base64). Ingestion routes also take `writeKey` in the body (PostHog: `api_key` or `token`)."
   },
   "secretKeyBearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "`Authorization: Bearer SECRET_KEY` for /api/v1 (the server also reads a secret key sent as the HTTP Basic user name). A secret key is also accepted by the ingestion routes. Keyed requests count against the per-key rate limit. A secret key acts with a staff role (admin, operator, analyst, viewer; `strata keys create --secret --role ROLE`): reads need view, member exports exportMembers, saving segments, tags and scores editSegments, campaigns, suppressions and spend editCampaigns, channels and keys manageSettings; other requests answer 403. Personal traits (email, phone, name, openid …) come masked for analysts and viewers in every answer, JSON and CSV."
   }
  },
  "schemas": {
   "Error": {
    "type": "object",
    "description": "The one error body of every API route (StrataError+HTTP.swift). It carries Segment's top-level `{\"code\", \"message\"}`, which Segment-style clients parse, and the admin API's `{\"error\": {\"code\", \"message\", \"field\"}}` in the same object. Status by code: unauthorized 401; forbidden 403; payload_too_large 413; malformed_json, invalid_field, invalid_parameter, missing_identity, unknown_type, invalid_timestamp, unsupported_encoding, unreadable_input 400; identity_conflict, conflict, insufficient_balance 409; erased 410; rate_limited 429 (with `Retry-After`); not_found 404; method_not_allowed 405; anything else (unavailable, unexpected failures) 503.",
    "required": [
     "code",
     "message",
     "error"
    ],
    "properties": {
     "code": {
      "type": "string",
      "enum": [
       "unauthorized",
       "forbidden",
       "payload_too_large",
       "malformed_json",
       "invalid_field",
       "invalid_parameter",
       "missing_identity",
       "unknown_type",
       "invalid_timestamp",
       "identity_conflict",
       "rate_limited",
       "not_found",
       "unsupported_encoding",
       "unreadable_input",
       "conflict",
       "insufficient_balance",
       "erased",
       "unavailable",
       "method_not_allowed"
      ],
      "description": "Machine-readable error code."
     },
     "message": {
      "type": "string",
      "description": "What went wrong and what to change."
     },
     "field": {
      "type": "string",
      "description": "The field or parameter at fault (`batch[3].userId`, `limit`), when there is one."
     },
     "error": {
      "type": "object",
      "required": [
       "code",
       "message"
      ],
      "properties": {
       "code": {
        "type": "string",
        "enum": [
         "unauthorized",
         "forbidden",
         "payload_too_large",
         "malformed_json",
         "invalid_field",
         "invalid_parameter",
         "missing_identity",
         "unknown_type",
         "invalid_timestamp",
         "identity_conflict",
         "rate_limited",
         "not_found",
         "unsupported_encoding",
         "unreadable_input",
         "conflict",
         "insufficient_balance",
         "erased",
         "unavailable",
         "method_not_allowed"
        ],
        "description": "Machine-readable error code."
       },
       "message": {
        "type": "string",
        "description": "What went wrong and what to change."
       },
       "field": {
        "type": "string",
        "description": "The field or parameter at fault (`batch[3].userId`, `limit`), when there is one."
       }
      }
     }
    },
    "example": {
     "code": "invalid_parameter",
     "message": "limit must be a whole number from 1 to 1000.",
     "field": "limit",
     "error": {
      "code": "invalid_parameter",
      "message": "limit must be a whole number from 1 to 1000.",
      "field": "limit"
     }
    }
   },
   "Rejected": {
    "type": "object",
    "description": "A refused message of a batch, kept in quarantine with its raw text.",
    "required": [
     "index",
     "code",
     "reason"
    ],
    "properties": {
     "index": {
      "type": "integer",
      "minimum": 0,
      "description": "Position of the message in the batch."
     },
     "code": {
      "type": "string",
      "description": "Error code (missing_identity, unknown_type, invalid_timestamp, invalid_field, identity_conflict, payload_too_large …)."
     },
     "reason": {
      "type": "string"
     },
     "field": {
      "type": "string"
     }
    }
   },
   "IngestResult": {
    "type": "object",
    "description": "Segment-compatible success: exactly `{\"success\": true, \"accepted\", \"duplicates\", \"rejected\"}`.",
    "required": [
     "success",
     "accepted",
     "duplicates",
     "rejected"
    ],
    "properties": {
     "success": {
      "type": "boolean",
      "const": true
     },
     "accepted": {
      "type": "integer",
      "minimum": 0,
      "description": "Messages stored."
     },
     "duplicates": {
      "type": "integer",
      "minimum": 0,
      "description": "Messages skipped because their messageId was already stored."
     },
     "rejected": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Rejected"
      }
     }
    }
   },
   "PostHogResult": {
    "type": "object",
    "required": [
     "status",
     "accepted",
     "duplicates",
     "rejected"
    ],
    "properties": {
     "status": {
      "type": "string",
      "const": "Ok"
     },
     "accepted": {
      "type": "integer",
      "minimum": 0
     },
     "duplicates": {
      "type": "integer",
      "minimum": 0
     },
     "rejected": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Rejected"
      }
     }
    }
   },
   "SegmentMessage": {
    "type": "object",
    "description": "One Segment-spec message (at most 32 KB of JSON; JSON nesting at most 64 levels). Needs `userId` or `anonymousId`. Event time is `receivedAt − (sentAt − timestamp)` when `sentAt` is given, else `timestamp` (or `originalTimestamp`), else the receive time; more than 23 h in the future becomes the receive time with a warning. Unreadable times, a missing identity, an unknown `type` or wrong field types are refused and quarantined. Traits are merged per key by event time; `null` removes a key. Dedupe is by `messageId`.",
    "additionalProperties": true,
    "properties": {
     "type": {
      "type": "string",
      "enum": [
       "identify",
       "track",
       "page",
       "screen",
       "group",
       "alias"
      ],
      "description": "Required inside a batch; forced by the route on single-message routes."
     },
     "userId": {
      "type": [
       "string",
       "number"
      ],
      "maxLength": 256
     },
     "anonymousId": {
      "type": [
       "string",
       "number"
      ],
      "maxLength": 256
     },
     "previousId": {
      "type": [
       "string",
       "number"
      ],
      "maxLength": 256,
      "description": "alias: the id merged into userId."
     },
     "groupId": {
      "type": [
       "string",
       "number"
      ],
      "maxLength": 256
     },
     "event": {
      "type": "string",
      "maxLength": 200,
      "description": "track: the event name (at most 200 characters)."
     },
     "name": {
      "type": "string",
      "description": "page/screen name."
     },
     "category": {
      "type": "string"
     },
     "properties": {
      "type": "object",
      "additionalProperties": true,
      "description": "`revenue` counts as revenue; `purchase`/`Order Completed` count as purchases."
     },
     "traits": {
      "type": "object",
      "additionalProperties": true
     },
     "context": {
      "type": "object",
      "additionalProperties": true,
      "description": "`context.campaign.source` is the first-touch channel; RudderStack's `context.traits` are merged into traits."
     },
     "integrations": {
      "type": "object",
      "additionalProperties": true
     },
     "timestamp": {
      "type": "string",
      "description": "ISO 8601."
     },
     "originalTimestamp": {
      "type": "string"
     },
     "sentAt": {
      "type": "string"
     },
     "messageId": {
      "type": "string",
      "maxLength": 256,
      "description": "Dedupe key; one is made when absent."
     },
     "writeKey": {
      "type": "string",
      "description": "The write key, when not sent as HTTP Basic."
     }
    }
   },
   "SegmentBatch": {
    "type": "object",
    "description": "A batch: at most 500 KB after gzip is undone and at most 2,500 messages. Batch `context` and `sentAt` apply to every message.",
    "required": [
     "batch"
    ],
    "additionalProperties": true,
    "properties": {
     "batch": {
      "type": "array",
      "maxItems": 2500,
      "items": {
       "$ref": "#/components/schemas/SegmentMessage"
      }
     },
     "context": {
      "type": "object",
      "additionalProperties": true
     },
     "integrations": {
      "type": "object",
      "additionalProperties": true
     },
     "sentAt": {
      "type": "string"
     },
     "writeKey": {
      "type": "string"
     }
    }
   },
   "PostHogEvent": {
    "type": "object",
    "description": "A PostHog capture event. `distinct_id` is the user; `$identify` (with `$anon_distinct_id`) and `$create_alias` merge; `$set`/`$set_once` set traits; `uuid` is the message id.",
    "required": [
     "event"
    ],
    "additionalProperties": true,
    "properties": {
     "event": {
      "type": "string",
      "minLength": 1,
      "maxLength": 200
     },
     "distinct_id": {
      "type": [
       "string",
       "number"
      ],
      "maxLength": 256
     },
     "properties": {
      "type": "object",
      "additionalProperties": true
     },
     "timestamp": {
      "type": "string"
     },
     "uuid": {
      "type": "string"
     },
     "api_key": {
      "type": "string"
     },
     "token": {
      "type": "string"
     },
     "$set": {
      "type": "object",
      "additionalProperties": true
     },
     "$set_once": {
      "type": "object",
      "additionalProperties": true
     }
    }
   },
   "PostHogBody": {
    "description": "A single event, an array of events, or `{\"batch\": [...]}` (with optional `api_key`, `sent_at`). At most 500 KB after decompression and 2,500 events.",
    "oneOf": [
     {
      "$ref": "#/components/schemas/PostHogEvent"
     },
     {
      "type": "array",
      "maxItems": 2500,
      "items": {
       "$ref": "#/components/schemas/PostHogEvent"
      }
     },
     {
      "type": "object",
      "required": [
       "batch"
      ],
      "additionalProperties": true,
      "properties": {
       "batch": {
        "type": "array",
        "maxItems": 2500,
        "items": {
         "$ref": "#/components/schemas/PostHogEvent"
        }
       },
       "api_key": {
        "type": "string"
       },
       "sent_at": {
        "type": "string"
       }
      }
     }
    ]
   },
   "Health": {
    "type": "object",
    "required": [
     "status"
    ],
    "properties": {
     "status": {
      "type": "string",
      "const": "ok"
     }
    }
   },
   "Stats": {
    "type": "object",
    "required": [
     "users",
     "known_users",
     "anonymous_users",
     "events",
     "quarantined",
     "event_names",
     "database_bytes"
    ],
    "properties": {
     "users": {
      "type": "integer",
      "minimum": 0
     },
     "known_users": {
      "type": "integer",
      "minimum": 0
     },
     "anonymous_users": {
      "type": "integer",
      "minimum": 0
     },
     "events": {
      "type": "integer",
      "minimum": 0
     },
     "quarantined": {
      "type": "integer",
      "minimum": 0
     },
     "event_names": {
      "type": "integer",
      "minimum": 0
     },
     "database_bytes": {
      "type": "integer",
      "minimum": 0
     }
    }
   },
   "Profile": {
    "type": "object",
    "additionalProperties": true,
    "required": [
     "uid",
     "user_ids",
     "anonymous_ids",
     "traits",
     "computed"
    ],
    "properties": {
     "uid": {
      "type": "integer",
      "description": "Dense internal profile id."
     },
     "user_id": {
      "type": [
       "string",
       "null"
      ]
     },
     "user_ids": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "anonymous_ids": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "traits": {
      "type": "object",
      "additionalProperties": true
     },
     "created_at": {
      "type": [
       "string",
       "null"
      ],
      "description": "ISO 8601 time."
     },
     "computed": {
      "type": "object",
      "additionalProperties": true,
      "properties": {
       "first_seen": {
        "type": [
         "string",
         "null"
        ],
        "description": "ISO 8601 time."
       },
       "last_seen": {
        "type": [
         "string",
         "null"
        ],
        "description": "ISO 8601 time."
       },
       "event_count": {
        "type": "integer"
       },
       "active_days": {
        "type": "integer"
       },
       "purchase_count": {
        "type": "integer"
       },
       "revenue": {
        "type": "number",
        "description": "Currency (major) units."
       },
       "last_purchase_at": {
        "type": [
         "string",
         "null"
        ],
        "description": "ISO 8601 time."
       },
       "first_touch_channel": {
        "type": [
         "string",
         "null"
        ]
       },
       "last_city": {
        "type": [
         "string",
         "null"
        ]
       },
       "last_device": {
        "type": [
         "string",
         "null"
        ]
       }
      }
     }
    }
   },
   "UserList": {
    "type": "object",
    "required": [
     "users"
    ],
    "properties": {
     "users": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Profile"
      }
     },
     "next_cursor": {
      "type": "string",
      "description": "Present when the page is full; pass back as `cursor`."
     }
    }
   },
   "Event": {
    "type": "object",
    "additionalProperties": true,
    "properties": {
     "id": {
      "type": "integer"
     },
     "message_id": {
      "type": "string"
     },
     "uid": {
      "type": "integer"
     },
     "user_id": {
      "type": [
       "string",
       "null"
      ]
     },
     "event": {
      "type": "string"
     },
     "type": {
      "type": "string",
      "enum": [
       "identify",
       "track",
       "page",
       "screen",
       "group",
       "alias"
      ]
     },
     "timestamp": {
      "type": "string"
     },
     "received_at": {
      "type": "string"
     },
     "original_timestamp": {
      "type": [
       "string",
       "null"
      ]
     },
     "properties": {
      "type": "object",
      "additionalProperties": true
     },
     "revenue": {
      "type": [
       "number",
       "null"
      ]
     },
     "campaign_source": {
      "type": [
       "string",
       "null"
      ]
     },
     "ip": {
      "type": [
       "string",
       "null"
      ]
     },
     "user_agent": {
      "type": [
       "string",
       "null"
      ]
     },
     "library": {
      "type": [
       "string",
       "null"
      ]
     },
     "warning": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "EventList": {
    "type": "object",
    "required": [
     "events"
    ],
    "properties": {
     "events": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Event"
      }
     },
     "next_cursor": {
      "type": "string",
      "description": "`TIMESTAMP_MS.ID`; present when the page is full."
     }
    }
   },
   "QuarantineList": {
    "type": "object",
    "required": [
     "messages"
    ],
    "properties": {
     "messages": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "received_at",
        "source",
        "index",
        "code",
        "reason",
        "raw"
       ],
       "properties": {
        "id": {
         "type": "integer"
        },
        "received_at": {
         "type": "string"
        },
        "source": {
         "type": "string",
         "description": "`http:/v1/batch`, `import:FILE` …"
        },
        "index": {
         "type": "integer"
        },
        "code": {
         "type": "string"
        },
        "reason": {
         "type": "string"
        },
        "field": {
         "type": "string"
        },
        "raw": {
         "type": "string",
         "description": "The raw message text."
        }
       }
      }
     },
     "next_cursor": {
      "type": "string"
     }
    }
   },
   "KeyList": {
    "type": "object",
    "required": [
     "keys"
    ],
    "properties": {
     "keys": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "kind",
        "name",
        "prefix",
        "created_at"
       ],
       "properties": {
        "id": {
         "type": "integer"
        },
        "kind": {
         "type": "string",
         "enum": [
          "write",
          "secret"
         ]
        },
        "name": {
         "type": "string"
        },
        "prefix": {
         "type": "string",
         "description": "Only the key's prefix; the key itself is never stored."
        },
        "created_at": {
         "type": "string"
        },
        "revoked_at": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "SegmentRule": {
    "description": "A rule tree: `{\"all\": [...]}`, `{\"any\": [...]}`, `{\"not\": rule}` or a condition — trait/attribute (`{\"trait\": \"city\", \"op\": \"in\", \"value\": [...]}`), behaviour (`{\"did\": \"view_item\", \"min\": 3, \"within_days\": 14}`), model layer, saved segment, tag. At most 32 levels of all/any/not; JSON nesting at most 64.",
    "type": "object",
    "additionalProperties": true,
    "example": {
     "all": [
      {
       "trait": "city",
       "op": "in",
       "value": [
        "Shanghai",
        "Beijing"
       ]
      },
      {
       "did": "view_item",
       "min": 3,
       "within_days": 14
      },
      {
       "not": {
        "did": "purchase",
        "min": 1,
        "within_days": 30
       }
      }
     ]
    }
   },
   "Segment": {
    "type": "object",
    "additionalProperties": true,
    "required": [
     "name",
     "rule",
     "size"
    ],
    "properties": {
     "name": {
      "type": "string"
     },
     "description": {
      "type": "string"
     },
     "owner": {
      "type": "string"
     },
     "rule": {
      "$ref": "#/components/schemas/SegmentRule"
     },
     "size": {
      "type": "integer",
      "minimum": 0
     },
     "rule_description": {
      "type": "object",
      "properties": {
       "zh": {
        "type": "string"
       },
       "en": {
        "type": "string"
       }
      }
     },
     "created_at": {
      "type": "string"
     },
     "updated_at": {
      "type": "string"
     },
     "sample": {
      "type": "array",
      "items": {
       "type": "string"
      },
      "description": "Only on GET /api/v1/segments/{name}: a few member ids."
     }
    }
   },
   "SegmentList": {
    "type": "object",
    "required": [
     "segments"
    ],
    "properties": {
     "segments": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Segment"
      }
     }
    }
   },
   "SegmentPreviewRequest": {
    "type": "object",
    "description": "`{\"rule\": tree}`, `{\"rule\": {\"text\": \"…\"}}` or `{\"text\": \"…\"}`. Body at most 64 KB.",
    "additionalProperties": true,
    "properties": {
     "rule": {
      "$ref": "#/components/schemas/SegmentRule"
     },
     "text": {
      "type": "string",
      "description": "The rule's one-line text form.",
      "example": "city in (Shanghai, Beijing) and did view_item >= 3 times in 14d and not did purchase in 30d"
     },
     "as_of": {
      "type": "string",
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     "sample": {
      "type": "integer",
      "minimum": 0,
      "maximum": 100,
      "default": 10
     }
    }
   },
   "SegmentPreview": {
    "type": "object",
    "required": [
     "size",
     "sample",
     "description",
     "rule",
     "as_of"
    ],
    "properties": {
     "size": {
      "type": "integer"
     },
     "sample": {
      "type": "array",
      "items": {
       "type": "object",
       "properties": {
        "uid": {
         "type": "integer"
        },
        "user_id": {
         "type": [
          "string",
          "null"
         ]
        },
        "anonymous_ids": {
         "type": "array",
         "items": {
          "type": "string"
         }
        }
       }
      }
     },
     "description": {
      "type": "object",
      "properties": {
       "zh": {
        "type": "string"
       },
       "en": {
        "type": "string"
       }
      }
     },
     "rule": {
      "$ref": "#/components/schemas/SegmentRule"
     },
     "as_of": {
      "type": "string"
     }
    }
   },
   "SegmentSaveRequest": {
    "type": "object",
    "required": [
     "name"
    ],
    "description": "Saves or replaces a named segment. Give `rule` or `text`. Body at most 64 KB. Cycles between segments are refused (400).",
    "properties": {
     "name": {
      "type": "string"
     },
     "description": {
      "type": "string"
     },
     "owner": {
      "type": "string"
     },
     "rule": {
      "$ref": "#/components/schemas/SegmentRule"
     },
     "text": {
      "type": "string"
     }
    }
   },
   "SegmentHistory": {
    "type": "object",
    "required": [
     "name",
     "history"
    ],
    "properties": {
     "name": {
      "type": "string"
     },
     "history": {
      "type": "array",
      "items": {
       "type": "object",
       "properties": {
        "day": {
         "type": "string",
         "format": "date"
        },
        "size": {
         "type": "integer"
        }
       }
      }
     }
    }
   },
   "RFMResult": {
    "type": "object",
    "additionalProperties": true,
    "required": [
     "as_of",
     "scoring",
     "buyers",
     "layers",
     "break_points",
     "cuts"
    ],
    "properties": {
     "as_of": {
      "type": "string"
     },
     "scoring": {
      "type": "string",
      "enum": [
       "quintiles",
       "natural",
       "breaks"
      ]
     },
     "event": {
      "type": "string"
     },
     "value_property": {
      "type": "string"
     },
     "window_days": {
      "type": [
       "integer",
       "null"
      ]
     },
     "buyers": {
      "type": "integer"
     },
     "layers": {
      "type": "array",
      "items": {
       "type": "object",
       "properties": {
        "name": {
         "type": "string",
         "description": "重要价值 …"
        },
        "name_en": {
         "type": "string"
        },
        "size": {
         "type": "integer"
        }
       }
      }
     },
     "break_points": {
      "type": "object",
      "properties": {
       "recency_days": {
        "type": "array",
        "items": {
         "type": "number"
        }
       },
       "frequency": {
        "type": "array",
        "items": {
         "type": "number"
        }
       },
       "monetary": {
        "type": "array",
        "items": {
         "type": "number"
        }
       }
      }
     },
     "cuts": {
      "type": "object",
      "properties": {
       "recency_days": {
        "type": "number"
       },
       "frequency": {
        "type": "number"
       },
       "monetary": {
        "type": "number"
       }
      }
     },
     "curves": {
      "type": [
       "object",
       "null"
      ],
      "additionalProperties": true,
      "description": "With `curve=true`: per metric (`recency_days`, `frequency`, `monetary`) `points` [{value, share}] and `suggested_break_points`."
     }
    }
   },
   "LifecycleResult": {
    "type": "object",
    "required": [
     "as_of",
     "thresholds",
     "layers"
    ],
    "properties": {
     "as_of": {
      "type": "string"
     },
     "thresholds": {
      "type": "object",
      "properties": {
       "new_days": {
        "type": "integer"
       },
       "active_days": {
        "type": "integer"
       },
       "silent_days": {
        "type": "integer"
       },
       "churn_days": {
        "type": "integer"
       }
      }
     },
     "layers": {
      "type": "array",
      "items": {
       "type": "object",
       "properties": {
        "name": {
         "type": "string",
         "enum": [
          "new",
          "returning",
          "active",
          "silent",
          "churned"
         ]
        },
        "name_zh": {
         "type": "string"
        },
        "size": {
         "type": "integer"
        }
       }
      }
     }
    }
   },
   "ScoringModel": {
    "type": "object",
    "required": [
     "name",
     "factors",
     "tiers"
    ],
    "description": "A weighted-factor scoring model (0–100 score cut into named tiers). Body at most 64 KB.",
    "properties": {
     "name": {
      "type": "string"
     },
     "description": {
      "type": "string"
     },
     "factors": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "weight"
       ],
       "description": "`{\"attribute\": computed attribute | \"recency\" | trait, \"weight\"}` or `{\"did\": EVENT, \"within_days\"?, \"weight\"}`.",
       "properties": {
        "attribute": {
         "type": "string"
        },
        "did": {
         "type": "string"
        },
        "within_days": {
         "type": [
          "integer",
          "null"
         ]
        },
        "weight": {
         "type": "number"
        },
        "normalise": {
         "type": "string",
         "enum": [
          "min_max",
          "rank"
         ],
         "default": "min_max"
        },
        "invert": {
         "type": "boolean"
        }
       }
      }
     },
     "tiers": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "name",
        "min_score"
       ],
       "properties": {
        "name": {
         "type": "string"
        },
        "min_score": {
         "type": "number",
         "minimum": 0,
         "maximum": 100
        }
       }
      }
     }
    },
    "example": {
     "name": "engagement",
     "factors": [
      {
       "attribute": "active_days",
       "weight": 3,
       "normalise": "rank"
      },
      {
       "did": "purchase",
       "within_days": 30,
       "weight": 4
      },
      {
       "attribute": "recency",
       "weight": 3,
       "normalise": "rank"
      }
     ],
     "tiers": [
      {
       "name": "high",
       "min_score": 70
      },
      {
       "name": "medium",
       "min_score": 40
      },
      {
       "name": "low",
       "min_score": 0
      }
     ]
    }
   },
   "ScoringModelList": {
    "type": "object",
    "required": [
     "models"
    ],
    "properties": {
     "models": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ScoringModel"
      }
     }
    }
   },
   "ScorePreviewRequest": {
    "description": "`{\"model\": ScoringModel, \"as_of\"?}` or the model itself (with an optional `as_of` field).",
    "type": "object",
    "additionalProperties": true,
    "properties": {
     "model": {
      "$ref": "#/components/schemas/ScoringModel"
     },
     "as_of": {
      "type": "string"
     }
    }
   },
   "ScoreResult": {
    "type": "object",
    "required": [
     "model",
     "as_of",
     "tiers",
     "histogram"
    ],
    "properties": {
     "model": {
      "$ref": "#/components/schemas/ScoringModel"
     },
     "as_of": {
      "type": "string"
     },
     "tiers": {
      "type": "array",
      "items": {
       "type": "object",
       "properties": {
        "name": {
         "type": "string"
        },
        "min_score": {
         "type": "number"
        },
        "size": {
         "type": "integer"
        },
        "mean_score": {
         "type": "number"
        }
       }
      }
     },
     "histogram": {
      "type": "array",
      "description": "Users per tenth of the score range.",
      "items": {
       "type": "object",
       "properties": {
        "from": {
         "type": "number"
        },
        "to": {
         "type": "number"
        },
        "users": {
         "type": "integer"
        }
       }
      }
     }
    }
   },
   "Tag": {
    "type": "object",
    "required": [
     "name",
     "kind",
     "size"
    ],
    "additionalProperties": true,
    "properties": {
     "name": {
      "type": "string"
     },
     "description": {
      "type": "string"
     },
     "kind": {
      "type": "string",
      "enum": [
       "manual",
       "rule"
      ]
     },
     "segment": {
      "type": [
       "string",
       "null"
      ],
      "description": "The segment a rule tag follows."
     },
     "size": {
      "type": "integer"
     },
     "created_at": {
      "type": "string"
     },
     "updated_at": {
      "type": "string"
     },
     "sample": {
      "type": "array",
      "items": {
       "type": "string"
      },
      "description": "Only on GET /api/v1/tags/{name}."
     }
    }
   },
   "TagList": {
    "type": "object",
    "required": [
     "tags"
    ],
    "properties": {
     "tags": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Tag"
      }
     }
    }
   },
   "TagSaveRequest": {
    "type": "object",
    "required": [
     "name"
    ],
    "properties": {
     "name": {
      "type": "string"
     },
     "description": {
      "type": "string"
     },
     "segment": {
      "type": "string",
      "description": "Makes a rule tag that follows this segment."
     }
    }
   },
   "TagMembersRequest": {
    "type": "object",
    "description": "`{\"user_ids\": [...]}` or `{\"segment\": NAME}` (its members now). Up to 100,000 ids a call; one unknown id and nothing changes. Body at most 8 MB.",
    "properties": {
     "user_ids": {
      "type": "array",
      "maxItems": 100000,
      "items": {
       "type": [
        "string",
        "integer"
       ]
      }
     },
     "segment": {
      "type": "string"
     },
     "mode": {
      "type": "string",
      "enum": [
       "add",
       "remove",
       "replace"
      ],
      "default": "add",
      "description": "Overrides the `mode` query parameter."
     }
    }
   },
   "TagMembersResult": {
    "type": "object",
    "required": [
     "tag",
     "mode",
     "changed",
     "size"
    ],
    "properties": {
     "tag": {
      "type": "string"
     },
     "mode": {
      "type": "string",
      "enum": [
       "add",
       "remove",
       "replace"
      ]
     },
     "changed": {
      "type": "integer"
     },
     "size": {
      "type": "integer"
     }
    }
   },
   "Flow": {
    "type": "object",
    "required": [
     "model",
     "from",
     "to",
     "layers",
     "matrix",
     "from_sizes",
     "to_sizes",
     "sources"
    ],
    "properties": {
     "model": {
      "type": "string"
     },
     "from": {
      "type": "string"
     },
     "to": {
      "type": "string"
     },
     "layers": {
      "type": "array",
      "items": {
       "type": "string"
      },
      "description": "Layer names, with `(none)` for users in no layer."
     },
     "matrix": {
      "type": "array",
      "items": {
       "type": "array",
       "items": {
        "type": "integer"
       }
      },
      "description": "matrix[i][j]: users in layer i on `from` and layer j on `to`."
     },
     "from_sizes": {
      "type": "array",
      "items": {
       "type": "integer"
      }
     },
     "to_sizes": {
      "type": "array",
      "items": {
       "type": "integer"
      }
     },
     "sources": {
      "type": "object",
      "properties": {
       "from": {
        "type": "string",
        "enum": [
         "snapshot",
         "computed"
        ]
       },
       "to": {
        "type": "string",
        "enum": [
         "snapshot",
         "computed"
        ]
       }
      }
     }
    }
   },
   "FlowCellRequest": {
    "type": "object",
    "required": [
     "from",
     "to",
     "from_layer",
     "to_layer",
     "name"
    ],
    "description": "Body at most 16 KB. Saves the cell's users as a manual tag and a segment of that tag, both named `name`.",
    "properties": {
     "from": {
      "type": "string",
      "format": "date"
     },
     "to": {
      "type": "string",
      "format": "date"
     },
     "from_layer": {
      "type": "string"
     },
     "to_layer": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "description": {
      "type": "string"
     },
     "owner": {
      "type": "string"
     }
    }
   },
   "SnapshotDays": {
    "type": "object",
    "required": [
     "days"
    ],
    "properties": {
     "days": {
      "type": "array",
      "items": {
       "type": "string",
       "format": "date"
      }
     }
    }
   },
   "SnapshotTaken": {
    "type": "object",
    "required": [
     "day",
     "snapshots"
    ],
    "properties": {
     "day": {
      "type": "string",
      "format": "date"
     },
     "snapshots": {
      "type": "integer"
     }
    }
   },
   "Report": {
    "type": "object",
    "additionalProperties": true,
    "description": "One report as one JSON document; besides the common fields, each report adds its own (activity: `dormant_days`, `days`; trend: `event`, `measure`, `unit`, `buckets`, `total`, `series`, `previous`; retention: `unit`, `mode`, `start_event`, `return_event`, `cohorts`, `average`; funnel: `window_ms`, `order`, `steps`, `breakdown`?; lift: `target`, `base`, `base_users`, `target_users`, `target_rate`, `dimensions`, `rows`; channels: `channel_source`, `conversion_event`, `conversion_days`, `channels`, `total`; ltv: `unit`, `periods`, `cohorts`, `average`). Money in major units; rates are fractions.",
    "required": [
     "report",
     "as_of",
     "from",
     "to",
     "time_zone"
    ],
    "properties": {
     "report": {
      "type": "string",
      "enum": [
       "activity",
       "trend",
       "retention",
       "funnel",
       "lift",
       "channels",
       "ltv"
      ]
     },
     "as_of": {
      "type": "string"
     },
     "from": {
      "type": "string",
      "format": "date"
     },
     "to": {
      "type": "string",
      "format": "date"
     },
     "time_zone": {
      "type": "string"
     },
     "segment": {
      "type": "string"
     },
     "layer": {
      "type": "string"
     }
    }
   },
   "ChannelSpendEntry": {
    "type": "object",
    "required": [
     "channel",
     "from",
     "to",
     "amount"
    ],
    "properties": {
     "id": {
      "type": [
       "integer",
       "null"
      ]
     },
     "channel": {
      "type": "string"
     },
     "from": {
      "type": "string",
      "format": "date"
     },
     "to": {
      "type": "string",
      "format": "date"
     },
     "amount": {
      "type": "number",
      "description": "Major currency units."
     },
     "note": {
      "type": "string"
     }
    }
   },
   "ChannelSpendInput": {
    "description": "One entry, a list, or `{\"entries\": [...]}`; up to 10,000 entries in one transaction (all or none). An entry for the same channel and period replaces the stored one. Body at most 2 MB.",
    "oneOf": [
     {
      "$ref": "#/components/schemas/ChannelSpendEntry"
     },
     {
      "type": "array",
      "maxItems": 10000,
      "items": {
       "$ref": "#/components/schemas/ChannelSpendEntry"
      }
     },
     {
      "type": "object",
      "required": [
       "entries"
      ],
      "properties": {
       "entries": {
        "type": "array",
        "maxItems": 10000,
        "items": {
         "$ref": "#/components/schemas/ChannelSpendEntry"
        }
       }
      }
     }
    ]
   },
   "ChannelSpendList": {
    "type": "object",
    "required": [
     "entries"
    ],
    "properties": {
     "entries": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ChannelSpendEntry"
      }
     }
    }
   },
   "ChannelSpendSaved": {
    "type": "object",
    "required": [
     "saved",
     "entries"
    ],
    "properties": {
     "saved": {
      "type": "integer"
     },
     "entries": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ChannelSpendEntry"
      }
     }
    }
   },
   "ChannelSettings": {
    "type": "object",
    "additionalProperties": true,
    "description": "email: `{host, port, username, password, starttls, from, public_url, allow}`; webhook: `{url, secrets, allow, headers, timeout_seconds}`; sms/push/wechat: `{url, method, headers, body}` (a JSON template). Body at most 64 KB.",
    "properties": {
     "host": {
      "type": "string"
     },
     "port": {
      "type": "integer"
     },
     "username": {
      "type": "string"
     },
     "password": {
      "type": "string",
      "writeOnly": true
     },
     "starttls": {
      "type": "boolean"
     },
     "from": {
      "type": "string"
     },
     "public_url": {
      "type": "string"
     },
     "allow": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "url": {
      "type": "string"
     },
     "secrets": {
      "type": "array",
      "items": {
       "type": "string"
      },
      "writeOnly": true
     },
     "headers": {
      "type": "object",
      "additionalProperties": {
       "type": "string"
      }
     },
     "timeout_seconds": {
      "type": "number"
     },
     "method": {
      "type": "string"
     },
     "body": {
      "type": "string"
     }
    }
   },
   "ChannelList": {
    "type": "object",
    "required": [
     "channels"
    ],
    "properties": {
     "channels": {
      "type": "object",
      "additionalProperties": {
       "type": "object",
       "additionalProperties": true
      },
      "description": "Settings by channel kind, every secret replaced by whether it is set."
     }
    }
   },
   "ChannelSaved": {
    "type": "object",
    "required": [
     "channel",
     "settings"
    ],
    "properties": {
     "channel": {
      "type": "string"
     },
     "settings": {
      "type": "object",
      "additionalProperties": true
     }
    }
   },
   "SuppressionList": {
    "type": "object",
    "required": [
     "suppressions"
    ],
    "properties": {
     "suppressions": {
      "type": "array",
      "items": {
       "type": "object",
       "properties": {
        "channel": {
         "type": "string"
        },
        "address": {
         "type": "string",
         "description": "An address, or `uid:N` for a user."
        },
        "reason": {
         "type": "string"
        },
        "created_at": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "SuppressionRequest": {
    "type": "object",
    "required": [
     "entries"
    ],
    "description": "Up to 100,000 entries a call, all or none. Body at most 16 MB.",
    "properties": {
     "entries": {
      "type": "array",
      "minItems": 1,
      "maxItems": 100000,
      "items": {
       "type": "object",
       "description": "Give `address` or `user_id`.",
       "properties": {
        "channel": {
         "type": "string",
         "enum": [
          "*",
          "email",
          "sms",
          "push",
          "wechat",
          "webhook",
          "inbox"
         ],
         "default": "*"
        },
        "address": {
         "type": "string",
         "maxLength": 320
        },
        "user_id": {
         "type": "string",
         "maxLength": 255
        },
        "reason": {
         "type": "string",
         "maxLength": 500,
         "default": "suppressed by API"
        }
       }
      }
     }
    }
   },
   "CampaignMessage": {
    "type": "object",
    "additionalProperties": true,
    "description": "Mustache templates (16 levels of sections at most). Email needs subject and body or html; sms/wechat a body; push/inbox a title and body.",
    "properties": {
     "subject": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "body": {
      "type": "string",
      "maxLength": 100000
     },
     "html": {
      "type": "string",
      "maxLength": 100000
     },
     "url": {
      "type": "string"
     },
     "defaults": {
      "type": "object",
      "additionalProperties": {
       "type": "string"
      }
     }
    }
   },
   "Campaign": {
    "type": "object",
    "required": [
     "name"
    ],
    "additionalProperties": true,
    "description": "A campaign definition (body at most 1 MB). Anything missing stays unset on a draft.",
    "properties": {
     "name": {
      "type": "string",
      "minLength": 1,
      "maxLength": 100,
      "description": "Cannot contain `/`."
     },
     "description": {
      "type": "string",
      "maxLength": 10000
     },
     "purpose": {
      "type": "string",
      "enum": [
       "acquisition",
       "activation",
       "conversion",
       "retention",
       "recall",
       "brand"
      ],
      "default": "conversion"
     },
     "goal": {
      "type": [
       "object",
       "null"
      ],
      "additionalProperties": true,
      "properties": {
       "metric": {
        "type": "string",
        "enum": [
         "conversion",
         "segment_size",
         "dau"
        ]
       },
       "event": {
        "type": "string"
       },
       "within_hours": {
        "type": "integer",
        "minimum": 1,
        "maximum": 2160,
        "default": 72
       },
       "segment": {
        "type": "string"
       },
       "target": {
        "type": "number"
       },
       "deadline": {
        "type": "string"
       }
      }
     },
     "starts_at": {
      "type": [
       "string",
       "null"
      ]
     },
     "ends_at": {
      "type": [
       "string",
       "null"
      ]
     },
     "audience": {
      "type": [
       "object",
       "null"
      ],
      "description": "One of `{segment}`, `{layer: \"rfm:重要价值\"}`, `{tag}`.",
      "properties": {
       "segment": {
        "type": "string"
       },
       "layer": {
        "type": "string"
       },
       "tag": {
        "type": "string"
       }
      }
     },
     "holdout": {
      "type": "number",
      "minimum": 0,
      "maximum": 0.5,
      "default": 0
     },
     "variants": {
      "type": "array",
      "maxItems": 10,
      "items": {
       "type": "object",
       "required": [
        "name"
       ],
       "properties": {
        "name": {
         "type": "string",
         "maxLength": 50
        },
        "weight": {
         "type": "integer",
         "minimum": 1,
         "maximum": 1000,
         "default": 1
        },
        "messages": {
         "type": "object",
         "description": "By channel: email, sms, push, wechat, webhook, inbox.",
         "additionalProperties": {
          "$ref": "#/components/schemas/CampaignMessage"
         }
        }
       }
      }
     },
     "schedule": {
      "type": [
       "object",
       "null"
      ],
      "additionalProperties": true,
      "properties": {
       "type": {
        "type": "string",
        "enum": [
         "once",
         "recurring",
         "triggered"
        ]
       },
       "at": {
        "type": "string"
       },
       "every": {
        "type": "string",
        "enum": [
         "day",
         "week"
        ]
       },
       "weekday": {
        "type": "integer",
        "minimum": 1,
        "maximum": 7
       },
       "time": {
        "type": "string",
        "pattern": "^[0-9]{2}:[0-9]{2}$"
       },
       "event": {
        "type": "string"
       },
       "delay_minutes": {
        "type": "integer",
        "minimum": 0,
        "maximum": 43200
       },
       "exit_event": {
        "type": [
         "string",
         "null"
        ]
       }
      }
     },
     "rules": {
      "type": "object",
      "additionalProperties": true,
      "properties": {
       "max_participations": {
        "type": "integer",
        "minimum": 1,
        "maximum": 1000,
        "default": 1
       },
       "max_sends_per_day": {
        "type": [
         "integer",
         "null"
        ],
        "minimum": 1,
        "maximum": 100000000
       },
       "budget": {
        "type": [
         "number",
         "null"
        ],
        "minimum": 0
       },
       "cost_per_message": {
        "type": "object",
        "additionalProperties": {
         "type": "number"
        }
       },
       "blocked_segments": {
        "type": "array",
        "items": {
         "type": "string"
        }
       },
       "caps": {
        "type": "array",
        "maxItems": 10,
        "items": {
         "type": "object",
         "properties": {
          "limit": {
           "type": "integer",
           "minimum": 1,
           "maximum": 1000
          },
          "days": {
           "type": "integer",
           "minimum": 1,
           "maximum": 365,
           "default": 1
          },
          "channel": {
           "type": "string"
          }
         }
        }
       },
       "priority": {
        "type": "integer",
        "minimum": 0,
        "maximum": 100,
        "default": 50
       }
      }
     },
     "reward": {
      "type": [
       "object",
       "null"
      ],
      "properties": {
       "score": {
        "type": "string",
        "description": "`event:NAME` or `revenue`."
       },
       "winners": {
        "type": "integer",
        "minimum": 1,
        "maximum": 10000
       },
       "minimum_score": {
        "type": "number",
        "default": 1
       }
      }
     }
    }
   },
   "StoredCampaign": {
    "allOf": [
     {
      "$ref": "#/components/schemas/Campaign"
     },
     {
      "type": "object",
      "properties": {
       "status": {
        "type": "string",
        "enum": [
         "draft",
         "scheduled",
         "running",
         "paused",
         "completed",
         "cancelled"
        ]
       },
       "version": {
        "type": "integer"
       },
       "created_at": {
        "type": "string"
       },
       "updated_at": {
        "type": "string"
       },
       "messages": {
        "type": "object",
        "additionalProperties": {
         "type": "integer"
        },
        "description": "Message counts by status."
       },
       "goal_summary": {
        "type": "string"
       }
      }
     }
    ]
   },
   "CampaignList": {
    "type": "object",
    "required": [
     "campaigns"
    ],
    "properties": {
     "campaigns": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/StoredCampaign"
      }
     }
    }
   },
   "CampaignVersions": {
    "type": "object",
    "required": [
     "versions"
    ],
    "properties": {
     "versions": {
      "type": "array",
      "items": {
       "type": "object",
       "properties": {
        "version": {
         "type": "integer"
        },
        "status": {
         "type": "string"
        },
        "note": {
         "type": "string"
        },
        "at": {
         "type": "string"
        },
        "definition": {
         "type": "object",
         "additionalProperties": true
        },
        "author": {
         "type": "string",
         "description": "Who made the version: staff:ID, key:ID (or key:PREFIX for a key given on the command line), cli, system; unknown for versions stored before authors were."
        }
       }
      }
     }
    }
   },
   "CampaignPreview": {
    "type": "object",
    "required": [
     "user",
     "uid",
     "group",
     "variant",
     "channel",
     "message",
     "decision"
    ],
    "properties": {
     "user": {
      "type": "string"
     },
     "uid": {
      "type": "integer"
     },
     "group": {
      "type": "string",
      "enum": [
       "holdout",
       "variant"
      ]
     },
     "variant": {
      "type": "string"
     },
     "channel": {
      "type": "string"
     },
     "message": {
      "type": "object",
      "additionalProperties": {
       "type": "string"
      },
      "description": "Rendered parts (subject, body …)."
     },
     "decision": {
      "type": "object",
      "properties": {
       "send": {
        "type": "boolean"
       },
       "channel": {
        "type": "string"
       },
       "address": {
        "type": "string"
       },
       "at": {
        "type": "string"
       },
       "reason": {
        "type": "string"
       }
      }
     }
    }
   },
   "Winner": {
    "type": "object",
    "required": [
     "rank",
     "id",
     "score",
     "reached_at"
    ],
    "properties": {
     "rank": {
      "type": "integer"
     },
     "id": {
      "type": "string",
      "description": "Masked id (`u1***89`, `138****5678`)."
     },
     "score": {
      "type": "number"
     },
     "reached_at": {
      "type": "string"
     },
     "uid": {
      "type": "integer",
      "description": "Admin API only."
     }
    }
   },
   "Winners": {
    "type": "object",
    "required": [
     "campaign",
     "winners"
    ],
    "properties": {
     "campaign": {
      "type": "string"
     },
     "published": {
      "type": "boolean"
     },
     "published_at": {
      "type": "string"
     },
     "url": {
      "type": "string"
     },
     "winners": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Winner"
      }
     }
    }
   },
   "Alert": {
    "type": "object",
    "additionalProperties": true,
    "properties": {
     "kind": {
      "type": "string"
     },
     "hour": {
      "type": "string"
     },
     "message": {
      "type": "string"
     },
     "value": {
      "type": "number"
     },
     "expected": {
      "type": "array",
      "items": {
       "type": "number"
      }
     },
     "campaign": {
      "type": "string"
     },
     "created_at": {
      "type": "string"
     }
    }
   },
   "AlertList": {
    "type": "object",
    "required": [
     "alerts"
    ],
    "properties": {
     "alerts": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Alert"
      }
     }
    }
   },
   "CampaignMonitor": {
    "type": "object",
    "required": [
     "campaign",
     "status",
     "hours",
     "alerts_now",
     "alerts"
    ],
    "properties": {
     "campaign": {
      "type": "string"
     },
     "status": {
      "type": "string"
     },
     "hours": {
      "type": "array",
      "items": {
       "type": "object",
       "properties": {
        "hour": {
         "type": "string"
        },
        "sent": {
         "type": "integer"
        },
        "failed": {
         "type": "integer"
        },
        "converted": {
         "type": "integer"
        },
        "cost": {
         "type": "number"
        }
       }
      }
     },
     "expected_sends_per_hour": {
      "type": [
       "array",
       "null"
      ],
      "items": {
       "type": "number"
      }
     },
     "alerts_now": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Alert"
      }
     },
     "alerts": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Alert"
      }
     }
    }
   },
   "CampaignResults": {
    "type": "object",
    "additionalProperties": true,
    "required": [
     "campaign",
     "status",
     "as_of",
     "groups",
     "comparisons"
    ],
    "properties": {
     "campaign": {
      "type": "string"
     },
     "status": {
      "type": "string"
     },
     "as_of": {
      "type": "string"
     },
     "conversion_event": {
      "type": "string"
     },
     "window_hours": {
      "type": "number"
     },
     "goal": {
      "type": [
       "object",
       "null"
      ],
      "additionalProperties": true
     },
     "groups": {
      "type": "array",
      "items": {
       "type": "object",
       "additionalProperties": true
      }
     },
     "comparisons": {
      "type": "array",
      "items": {
       "type": "object",
       "additionalProperties": true
      }
     },
     "sample_ratio": {
      "type": "object",
      "additionalProperties": true
     },
     "cost": {
      "type": [
       "number",
       "null"
      ]
     },
     "incremental_revenue": {
      "type": [
       "number",
       "null"
      ]
     },
     "roi": {
      "type": [
       "number",
       "null"
      ]
     },
     "by_channel": {
      "type": "array",
      "items": {
       "type": "object",
       "additionalProperties": true
      }
     },
     "by_hour": {
      "type": "array",
      "items": {
       "type": "object",
       "additionalProperties": true
      }
     },
     "by_layer": {
      "type": "object",
      "additionalProperties": true
     }
    }
   },
   "CampaignReview": {
    "type": "object",
    "required": [
     "markdown",
     "findings",
     "next_steps"
    ],
    "properties": {
     "markdown": {
      "type": "string"
     },
     "findings": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "next_steps": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "lessons_text": {
      "type": [
       "string",
       "null"
      ]
     },
     "next_steps_text": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "CampaignReviewTexts": {
    "type": "object",
    "properties": {
     "lessons": {
      "type": "string",
      "maxLength": 20000
     },
     "next_steps": {
      "type": "string",
      "maxLength": 20000
     }
    }
   },
   "InboxList": {
    "type": "object",
    "required": [
     "messages"
    ],
    "properties": {
     "messages": {
      "type": "array",
      "items": {
       "type": "object",
       "properties": {
        "id": {
         "type": "integer"
        },
        "campaign": {
         "type": "string"
        },
        "title": {
         "type": "string"
        },
        "body": {
         "type": "string"
        },
        "url": {
         "type": [
          "string",
          "null"
         ]
        },
        "created_at": {
         "type": "string"
        },
        "read": {
         "type": "boolean"
        },
        "clicked": {
         "type": "boolean"
        }
       }
      }
     }
    }
   },
   "InboxMarkRequest": {
    "type": "object",
    "description": "Body at most 8 KB. Give the user as `userId` or `anonymousId`, with `userHash` (or the X-Strata-User-Hash header): the hex HMAC-SHA256 of the id under the identity secret.",
    "properties": {
     "userId": {
      "type": "string"
     },
     "anonymousId": {
      "type": "string"
     },
     "writeKey": {
      "type": "string"
     },
     "userHash": {
      "type": "string"
     }
    }
   },
   "Ok": {
    "type": "object",
    "required": [
     "ok"
    ],
    "properties": {
     "ok": {
      "type": "boolean",
      "const": true
     }
    }
   },
   "OpenAPIDocument": {
    "type": "object",
    "additionalProperties": true,
    "required": [
     "openapi",
     "info",
     "paths"
    ],
    "properties": {
     "openapi": {
      "type": "string"
     },
     "info": {
      "type": "object"
     },
     "paths": {
      "type": "object"
     }
    }
   },
   "ActivityReportParameters": {
    "type": "object",
    "additionalProperties": true,
    "properties": {
     "from": {
      "type": "string",
      "format": "date",
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     "to": {
      "type": "string",
      "format": "date",
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     "as_of": {
      "type": "string",
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     "segment": {
      "type": "string",
      "description": "Narrow to a saved segment's users."
     },
     "layer": {
      "type": "string",
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     "format": {
      "type": "string",
      "enum": [
       "json",
       "csv"
      ],
      "default": "json",
      "description": "`csv` returns the report's table as CSV."
     },
     "dormant_days": {
      "type": [
       "integer",
       "string"
      ],
      "minimum": 1,
      "maximum": 90,
      "default": 7,
      "description": "Days before a day in which an active user counts as returning (else resurrected)."
     }
    },
    "description": "The query parameters as a JSON object (body at most 64 KB); numbers and booleans are read as text, arrays are joined with commas."
   },
   "TrendReportParameters": {
    "type": "object",
    "additionalProperties": true,
    "properties": {
     "from": {
      "type": "string",
      "format": "date",
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     "to": {
      "type": "string",
      "format": "date",
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     "as_of": {
      "type": "string",
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     "segment": {
      "type": "string",
      "description": "Narrow to a saved segment's users."
     },
     "layer": {
      "type": "string",
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     "format": {
      "type": "string",
      "enum": [
       "json",
       "csv"
      ],
      "default": "json",
      "description": "`csv` returns the report's table as CSV."
     },
     "event": {
      "type": "string",
      "description": "Required: an event with optional filters, e.g. `view_item(category = books)`."
     },
     "measure": {
      "type": "string",
      "pattern": "^(count|users|sum:.+|average:.+)$",
      "default": "count",
      "description": "`count`, `users`, `sum:PROP` or `average:PROP`."
     },
     "unit": {
      "type": "string",
      "enum": [
       "hour",
       "day",
       "week",
       "month"
      ],
      "default": "day"
     },
     "breakdown": {
      "type": "string",
      "description": "`property:NAME` or `trait:NAME` (a bare name is a property)."
     },
     "top": {
      "type": [
       "integer",
       "string"
      ],
      "minimum": 1,
      "maximum": 50,
      "default": 10,
      "description": "Breakdown values shown; the rest are \"other\"."
     },
     "compare": {
      "type": [
       "boolean",
       "string"
      ],
      "enum": [
       true,
       false,
       "true",
       "false"
      ],
      "default": false,
      "description": "`true` adds the previous period."
     }
    },
    "description": "The query parameters as a JSON object (body at most 64 KB); numbers and booleans are read as text, arrays are joined with commas.",
    "required": [
     "event"
    ]
   },
   "RetentionReportParameters": {
    "type": "object",
    "additionalProperties": true,
    "properties": {
     "from": {
      "type": "string",
      "format": "date",
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     "to": {
      "type": "string",
      "format": "date",
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     "as_of": {
      "type": "string",
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     "segment": {
      "type": "string",
      "description": "Narrow to a saved segment's users."
     },
     "layer": {
      "type": "string",
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     "format": {
      "type": "string",
      "enum": [
       "json",
       "csv"
      ],
      "default": "json",
      "description": "`csv` returns the report's table as CSV."
     },
     "start_event": {
      "type": "string",
      "description": "Cohort event. Default: first seen."
     },
     "return_event": {
      "type": "string",
      "description": "Return event. Default: anything."
     },
     "periods": {
      "type": [
       "integer",
       "string"
      ],
      "minimum": 1,
      "maximum": 120,
      "default": 30
     },
     "unit": {
      "type": "string",
      "enum": [
       "day",
       "week"
      ],
      "default": "day"
     },
     "mode": {
      "type": "string",
      "enum": [
       "on",
       "on_or_after"
      ],
      "default": "on"
     }
    },
    "description": "The query parameters as a JSON object (body at most 64 KB); numbers and booleans are read as text, arrays are joined with commas."
   },
   "FunnelReportParameters": {
    "type": "object",
    "additionalProperties": true,
    "properties": {
     "from": {
      "type": "string",
      "format": "date",
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     "to": {
      "type": "string",
      "format": "date",
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     "as_of": {
      "type": "string",
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     "segment": {
      "type": "string",
      "description": "Narrow to a saved segment's users."
     },
     "layer": {
      "type": "string",
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     "format": {
      "type": "string",
      "enum": [
       "json",
       "csv"
      ],
      "default": "json",
      "description": "`csv` returns the report's table as CSV."
     },
     "steps": {
      "type": [
       "string",
       "array"
      ],
      "items": {
       "type": "string"
      },
      "description": "Required: 2–20 events separated by commas outside parentheses, each with optional filters, e.g. `view_item(category = books),add_to_cart,purchase`."
     },
     "window": {
      "type": "string",
      "pattern": "^[0-9]+[mhd]$",
      "default": "24h",
      "description": "1 minute to 90 days, e.g. `30m`, `24h`, `7d`, from each step-1 event."
     },
     "order": {
      "type": "string",
      "enum": [
       "loose",
       "strict"
      ],
      "default": "loose"
     },
     "breakdown": {
      "type": "string",
      "description": "A user attribute: `channel`, `last_city`, `trait:city`, or a numeric attribute (cut into ranges)."
     },
     "top": {
      "type": [
       "integer",
       "string"
      ],
      "minimum": 1,
      "maximum": 50,
      "default": 10,
      "description": "Breakdown values of step 1 shown."
     }
    },
    "description": "The query parameters as a JSON object (body at most 64 KB); numbers and booleans are read as text, arrays are joined with commas.",
    "required": [
     "steps"
    ]
   },
   "LiftReportParameters": {
    "type": "object",
    "additionalProperties": true,
    "properties": {
     "from": {
      "type": "string",
      "format": "date",
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     "to": {
      "type": "string",
      "format": "date",
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     "as_of": {
      "type": "string",
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     "segment": {
      "type": "string",
      "description": "Narrow to a saved segment's users."
     },
     "layer": {
      "type": "string",
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     "format": {
      "type": "string",
      "enum": [
       "json",
       "csv"
      ],
      "default": "json",
      "description": "`csv` returns the report's table as CSV."
     },
     "event": {
      "type": "string",
      "description": "Target: an event done within the range (with optional filters). Give exactly one of event, target_segment, target_layer, target."
     },
     "target_segment": {
      "type": "string",
      "description": "Target: a saved segment."
     },
     "target_layer": {
      "type": "string",
      "description": "Target: a model layer."
     },
     "target": {
      "type": "string",
      "description": "Target: a rule in text form."
     },
     "by": {
      "type": [
       "string",
       "array"
      ],
      "items": {
       "type": "string"
      },
      "description": "Comma-separated dimensions. Default: first-touch channel, last city, last device and every trait with at most 100 values or only numbers."
     },
     "top": {
      "type": [
       "integer",
       "string"
      ],
      "minimum": 1,
      "maximum": 100,
      "default": 30,
      "description": "Values kept per text dimension; the rest fold into \"(other)\"."
     },
     "bins": {
      "type": [
       "integer",
       "string"
      ],
      "minimum": 2,
      "maximum": 10,
      "default": 5,
      "description": "Quantile ranges for numeric dimensions."
     },
     "base": {
      "type": "string",
      "enum": [
       "all",
       "active"
      ],
      "default": "all"
     },
     "missing": {
      "type": "string",
      "enum": [
       "hide",
       "show"
      ],
      "default": "hide",
      "description": "`show` adds \"(none)\" rows."
     }
    },
    "description": "The query parameters as a JSON object (body at most 64 KB); numbers and booleans are read as text, arrays are joined with commas."
   },
   "ChannelsReportParameters": {
    "type": "object",
    "additionalProperties": true,
    "properties": {
     "from": {
      "type": "string",
      "format": "date",
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     "to": {
      "type": "string",
      "format": "date",
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     "as_of": {
      "type": "string",
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     "segment": {
      "type": "string",
      "description": "Narrow to a saved segment's users."
     },
     "layer": {
      "type": "string",
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     "format": {
      "type": "string",
      "enum": [
       "json",
       "csv"
      ],
      "default": "json",
      "description": "`csv` returns the report's table as CSV."
     },
     "channel_trait": {
      "type": "string",
      "description": "Trait that names the channel. Default: first-touch source (`context.campaign.source`)."
     },
     "conversion_event": {
      "type": "string",
      "description": "Default: the workspace's purchase event."
     },
     "conversion_days": {
      "type": [
       "integer",
       "string"
      ],
      "minimum": 1,
      "maximum": 365,
      "default": 30
     }
    },
    "description": "The query parameters as a JSON object (body at most 64 KB); numbers and booleans are read as text, arrays are joined with commas."
   },
   "LtvReportParameters": {
    "type": "object",
    "additionalProperties": true,
    "properties": {
     "from": {
      "type": "string",
      "format": "date",
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     "to": {
      "type": "string",
      "format": "date",
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     "as_of": {
      "type": "string",
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     "segment": {
      "type": "string",
      "description": "Narrow to a saved segment's users."
     },
     "layer": {
      "type": "string",
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     "format": {
      "type": "string",
      "enum": [
       "json",
       "csv"
      ],
      "default": "json",
      "description": "`csv` returns the report's table as CSV."
     },
     "periods": {
      "type": [
       "integer",
       "string"
      ],
      "minimum": 1,
      "maximum": 104,
      "default": 12
     },
     "unit": {
      "type": "string",
      "enum": [
       "week",
       "day"
      ],
      "default": "week"
     }
    },
    "description": "The query parameters as a JSON object (body at most 64 KB); numbers and booleans are read as text, arrays are joined with commas."
   },
   "FunnelSegmentRequest": {
    "type": "object",
    "additionalProperties": true,
    "properties": {
     "from": {
      "type": "string",
      "format": "date",
      "description": "First day (inclusive, workspace time zone). Default: 30 days up to `as_of`. A range covers at most 3,660 days."
     },
     "to": {
      "type": "string",
      "format": "date",
      "description": "Last day (inclusive). Default: the last day as of `as_of`."
     },
     "as_of": {
      "type": "string",
      "description": "ISO 8601 time, or a date meaning the end of that local day. Default now."
     },
     "segment": {
      "type": "string",
      "description": "Narrow to a saved segment's users."
     },
     "layer": {
      "type": "string",
      "description": "Narrow to a model layer, e.g. `rfm:重要价值`, `lifecycle:silent`."
     },
     "steps": {
      "type": [
       "string",
       "array"
      ],
      "items": {
       "type": "string"
      },
      "description": "Required: 2–20 events separated by commas outside parentheses, each with optional filters, e.g. `view_item(category = books),add_to_cart,purchase`."
     },
     "window": {
      "type": "string",
      "pattern": "^[0-9]+[mhd]$",
      "default": "24h",
      "description": "1 minute to 90 days, e.g. `30m`, `24h`, `7d`, from each step-1 event."
     },
     "order": {
      "type": "string",
      "enum": [
       "loose",
       "strict"
      ],
      "default": "loose"
     },
     "breakdown": {
      "type": "string",
      "description": "A user attribute: `channel`, `last_city`, `trait:city`, or a numeric attribute (cut into ranges)."
     },
     "top": {
      "type": [
       "integer",
       "string"
      ],
      "minimum": 1,
      "maximum": 50,
      "default": 10,
      "description": "Breakdown values of step 1 shown."
     },
     "step": {
      "type": [
       "integer",
       "string"
      ],
      "minimum": 1,
      "maximum": 20,
      "description": "The step to save (1…steps; 2… for dropped)."
     },
     "which": {
      "type": "string",
      "enum": [
       "dropped",
       "converted"
      ],
      "default": "dropped",
      "description": "`dropped`: users who reached step−1 but not the step; `converted`: users who reached the step."
     },
     "name": {
      "type": "string",
      "description": "Segment name (must not be taken by a segment or tag)."
     },
     "description": {
      "type": "string"
     },
     "owner": {
      "type": "string"
     }
    },
    "description": "The query parameters as a JSON object (body at most 64 KB); numbers and booleans are read as text, arrays are joined with commas.",
    "required": [
     "steps",
     "step",
     "name"
    ]
   },
   "Transfer": {
    "type": "object",
    "required": [
     "id",
     "amount",
     "currency",
     "state",
     "reason",
     "source",
     "actor",
     "created_at"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "amount": {
      "type": "integer"
     },
     "currency": {
      "type": "string",
      "enum": [
       "points",
       "growth"
      ]
     },
     "state": {
      "type": "string",
      "enum": [
       "posted",
       "pending",
       "completed",
       "voided",
       "released"
      ]
     },
     "debit_account": {
      "type": "integer"
     },
     "credit_account": {
      "type": "integer"
     },
     "related": {
      "type": "string"
     },
     "reason": {
      "type": "string"
     },
     "source": {
      "type": "string"
     },
     "actor": {
      "type": "string"
     },
     "created_at": {
      "type": "string"
     },
     "timeout_at": {
      "type": "string"
     }
    },
    "description": "One immutable double-entry transfer. `posted` moved the amount; `pending` holds it; a hold becomes `completed` (a `posted` transfer with `related` = the hold records the move) or `voided` (a `released` record names it)."
   }
  },
  "responses": {
   "BadRequest": {
    "description": "Invalid request: malformed_json (with line and column; also JSON nested deeper than 64 levels), invalid_field, invalid_parameter (names the parameter and its limits), unsupported_encoding (a Content-Encoding other than gzip or none, or corrupt gzip — 400, not 415), and on single ingestion messages missing_identity, unknown_type, invalid_timestamp.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Unauthorized": {
    "description": "No key, or the key is not valid or was revoked.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "headers": {
     "WWW-Authenticate": {
      "description": "`Basic realm=\"strata\"`",
      "schema": {
       "type": "string"
      }
     }
    }
   },
   "NotFound": {
    "description": "not_found: no such named object (segment, tag, model, campaign, user, channel …).",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Conflict": {
    "description": "conflict (or identity_conflict on ingestion): the change is not allowed in the current state; the message says why.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "PayloadTooLarge": {
    "description": "payload_too_large: the body (after decompression) or the batch is over its limit; the message names the limit.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "TooManyRequests": {
    "description": "rate_limited: over the per-address limit (every route, default 1,000 a second, 2,000 at once) or the per-key limit (default 5,000 a second, 10,000 at once).",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "headers": {
     "Retry-After": {
      "description": "Seconds to wait before retrying.",
      "schema": {
       "type": "integer",
       "minimum": 1
      }
     }
    }
   },
   "Unavailable": {
    "description": "unavailable: the server could not complete the request; nothing was changed. Retry later.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "NoContent": {
    "description": "Done; no body."
   },
   "CSV": {
    "description": "CSV table.",
    "headers": {
     "Content-Disposition": {
      "schema": {
       "type": "string"
      },
      "description": "attachment; filename=…"
     }
    },
    "content": {
     "text/csv": {
      "schema": {
       "type": "string"
      }
     }
    }
   },
   "HTMLPage": {
    "description": "A small page in Chinese and English.",
    "content": {
     "text/html": {
      "schema": {
       "type": "string"
      }
     }
    }
   },
   "Forbidden": {
    "description": "The key's role may not do this; the message names the permission needed.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   }
  },
  "parameters": {
   "limit": {
    "name": "limit",
    "in": "query",
    "description": "Page size, 1–1000.",
    "schema": {
     "type": "integer",
     "minimum": 1,
     "maximum": 1000,
     "default": 50
    }
   },
   "asOf": {
    "name": "as_of",
    "in": "query",
    "description": "An ISO 8601 time, or a date (`2026-09-30`) meaning the end of that local day (the next local midnight in the workspace time zone). Default: now.",
    "schema": {
     "type": "string"
    }
   },
   "traits": {
    "name": "traits",
    "in": "query",
    "description": "Comma-separated trait keys and computed attributes to add as CSV columns (at most 50), e.g. `city,plan,revenue`.",
    "schema": {
     "type": "string"
    }
   },
   "contentEncoding": {
    "name": "Content-Encoding",
    "in": "header",
    "required": false,
    "description": "gzip is accepted; anything else but identity is refused with 400 unsupported_encoding.",
    "schema": {
     "type": "string",
     "enum": [
      "gzip",
      "x-gzip",
      "identity"
     ]
    }
   },
   "segmentName": {
    "name": "name",
    "in": "path",
    "required": true,
    "description": "Segment name (percent-encoded).",
    "schema": {
     "type": "string"
    }
   },
   "tagName": {
    "name": "name",
    "in": "path",
    "required": true,
    "description": "Tag name (percent-encoded).",
    "schema": {
     "type": "string"
    }
   },
   "campaignName": {
    "name": "name",
    "in": "path",
    "required": true,
    "description": "Campaign name (percent-encoded).",
    "schema": {
     "type": "string"
    }
   },
   "userId": {
    "name": "userId",
    "in": "path",
    "required": true,
    "description": "A known user id or an anonymous id (percent-encoded).",
    "schema": {
     "type": "string"
    }
   },
   "token": {
    "name": "token",
    "in": "path",
    "required": true,
    "description": "A signed token from a sent message.",
    "schema": {
     "type": "string"
    }
   },
   "idempotencyKey": {
    "name": "Idempotency-Key",
    "in": "header",
    "required": true,
    "schema": {
     "type": "string",
     "minLength": 1,
     "maxLength": 255
    },
    "description": "A unique value per operation (a UUID). The first answer, a refusal included, is replayed for 24 hours to a retry with the same request (header `Idempotent-Replayed: true`); the same key with another request answers 409. The key also names the transfer, so concurrent retries move points once."
   }
  }
 }
}
"""##
}
