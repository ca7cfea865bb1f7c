# Third-party access: a monitoring vendor (done right) and a delivery partner (not).

module "vendor_monitoring" {
  source = "./modules/role"
  name   = "vendor-monitoring"
  # The trust policy as the vendor's onboarding guide hands it out, external ID included.
  assume_role_policy  = file("${path.module}/vendor-trust.json")
  managed_policy_arns = ["arn:aws:iam::aws:policy/SecurityAudit"]
}

data "aws_iam_policy_document" "partner_delivery" {
  statement {
    effect    = "Allow"
    actions   = ["s3:PutObject", "s3:GetObject"]
    resources = ["arn:aws:s3:::acme-partner-drop/*"]
  }
}

module "partner_delivery" {
  source = "./modules/role"
  name   = "partner-delivery"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${var.partner_account_id}:root" }
      Action    = "sts:AssumeRole*"
    }]
  })
  inline_policies = {
    "deliver-artifacts" = data.aws_iam_policy_document.partner_delivery.json
  }
}
