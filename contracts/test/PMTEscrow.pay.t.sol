// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {PMTEscrow} from "../PMTEscrow.sol";
import {PMTTestToken} from "../PMTTestToken.sol";
import {EscrowFixture} from "./utils/EscrowFixture.sol";
import {recordOf} from "./utils/PaymentRecords.sol";
import {ERC1271Wallet, FeeOnTransferToken} from "./mocks/Mocks.sol";

contract PMTEscrowPayTest is EscrowFixture {
    function test_payNative_escrowsExactValueAndEmitsFullRecord() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        bytes memory signature = sign(intent);
        uint64 releaseAfter = uint64(block.timestamp) + HOLD;

        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.PaymentEscrowed(intent.id, merchant, buyer, NATIVE, 1 ether, FEE_BPS, releaseAfter);
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);

        assertEq(address(escrow).balance, 1 ether, "escrow balance");
        PMTEscrow.Payment memory payment = recordOf(intent, buyer);
        bytes32 unchanged = escrow.hashPayment(payment) & ~bytes32(uint256(1));
        assertEq(escrow.paymentCommitment(intent.id), unchanged, "commitment: the record's hash, flag clear");
        assertTrue(escrow.isEscrowed(payment), "escrowed");
    }

    function test_payToken_pullsAllowance() public {
        PMTEscrow.Payment memory payment = payToken(25e6);
        assertEq(token.balanceOf(address(escrow)), 25e6, "escrow token balance");
        assertTrue(escrow.isEscrowed(payment), "escrowed");
    }

    function test_payWithPermit_needsNoPriorApproval() public {
        uint256 ownerKey = 0xB0B0;
        address owner = vm.addr(ownerKey);
        token.mint(owner, 100e6);
        PMTEscrow.PaymentIntent memory intent = newIntent(address(token), 40e6);
        bytes memory signature = sign(intent);
        (uint8 v, bytes32 r, bytes32 s) = _permit(ownerKey, owner, 40e6, block.timestamp + 1 hours);

        vm.prank(owner);
        escrow.payWithPermit(intent, signature, block.timestamp + 1 hours, v, r, s);

        assertEq(token.balanceOf(address(escrow)), 40e6, "escrow token balance");
        assertTrue(escrow.isEscrowed(recordOf(intent, owner)), "escrowed");
    }

    function test_payWithPermit_survivesFrontRunPermit() public {
        uint256 ownerKey = 0xB0B0;
        address owner = vm.addr(ownerKey);
        token.mint(owner, 100e6);
        PMTEscrow.PaymentIntent memory intent = newIntent(address(token), 40e6);
        bytes memory signature = sign(intent);
        (uint8 v, bytes32 r, bytes32 s) = _permit(ownerKey, owner, 40e6, block.timestamp + 1 hours);
        token.permit(owner, address(escrow), 40e6, block.timestamp + 1 hours, v, r, s); // someone else submits it

        vm.prank(owner);
        escrow.payWithPermit(intent, signature, block.timestamp + 1 hours, v, r, s);
        assertEq(token.balanceOf(address(escrow)), 40e6, "escrow token balance");
    }

    function test_payWithPermit_revertsForNative() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.TokenNotAllowed.selector, NATIVE));
        vm.prank(buyer);
        escrow.payWithPermit(intent, signature, block.timestamp, 27, bytes32(0), bytes32(0));
    }

    function test_payWithPermit_revertsWithoutPermitOrAllowance() public {
        address owner = makeAddr("no-allowance");
        token.mint(owner, 100e6);
        PMTEscrow.PaymentIntent memory intent = newIntent(address(token), 40e6);
        bytes memory signature = sign(intent);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(escrow), 0, 40e6)
        );
        vm.prank(owner);
        escrow.payWithPermit(intent, signature, block.timestamp, 27, bytes32(0), bytes32(0));
        assertEq(escrow.paymentCommitment(intent.id), bytes32(0), "nothing recorded");
    }

    function test_pay_acceptsERC1271Operator() public {
        ERC1271Wallet wallet = new ERC1271Wallet(vm.addr(0xC0FFEE));
        bytes32 operatorRole = escrow.OPERATOR_ROLE();
        vm.prank(admin);
        escrow.grantRole(operatorRole, address(wallet));

        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        bytes memory signature = abi.encodePacked(address(wallet), signWith(0xC0FFEE, intent));
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);
        assertTrue(escrow.isEscrowed(recordOf(intent, buyer)), "escrowed");
    }

    function test_pay_revertsOnERC1271WalletThatRejects() public {
        ERC1271Wallet wallet = new ERC1271Wallet(vm.addr(0xC0FFEE));
        bytes32 operatorRole = escrow.OPERATOR_ROLE();
        vm.prank(admin);
        escrow.grantRole(operatorRole, address(wallet));

        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        bytes memory signature = abi.encodePacked(address(wallet), signWith(0xBAD, intent));
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidSignature.selector, intent.id, address(wallet)));
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);
    }

    function test_pay_revertsOnNonOperatorSigner() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        bytes memory signature = signWith(0xBAD, intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidSignature.selector, intent.id, vm.addr(0xBAD)));
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);
    }

    function test_pay_revertsOnTamperedIntent() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        bytes memory signature = sign(intent);
        intent.merchant = stranger;
        // The signature recovers to some address that holds no operator role.
        address recovered = ECDSA.recover(escrow.hashIntent(intent), signature);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidSignature.selector, intent.id, recovered));
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);
    }

    function test_pay_revertsOnMalformedSignatures() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        bytes memory tooShort = new bytes(20);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidSignature.selector, intent.id, address(0)));
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, tooShort);

        bytes memory garbage = new bytes(65);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidSignature.selector, intent.id, address(0)));
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, garbage);
    }

    function test_pay_revertsOnRevokedOperator() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        bytes memory signature = sign(intent);
        bytes32 operatorRole = escrow.OPERATOR_ROLE();
        vm.prank(admin);
        escrow.revokeRole(operatorRole, operator);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidSignature.selector, intent.id, operator));
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);
    }

    function test_pay_revertsAfterDeadline() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        bytes memory signature = sign(intent);
        vm.warp(intent.deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(PMTEscrow.IntentExpired.selector, intent.id, intent.deadline, block.timestamp)
        );
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);
    }

    function test_pay_acceptsAtDeadline() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        bytes memory signature = sign(intent);
        vm.warp(intent.deadline);
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);
        assertTrue(escrow.isEscrowed(recordOf(intent, buyer)), "escrowed");
    }

    function test_pay_revertsOnReusedId() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        pay(intent);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.PaymentIdUsed.selector, intent.id));
        vm.prank(stranger);
        vm.deal(stranger, 1 ether);
        escrow.pay{value: 1 ether}(intent, signature);
    }

    function test_pay_revertsOnReusedIdAfterSettlement() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        PMTEscrow.Payment memory payment = pay(intent);
        vm.prank(buyer);
        escrow.release(payment);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.PaymentIdUsed.selector, intent.id));
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);
    }

    function test_pay_revertsOnUnderAndOverpayment() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        bytes memory signature = sign(intent);
        vm.expectRevert(
            abi.encodeWithSelector(PMTEscrow.IncorrectPaymentValue.selector, intent.id, 1 ether, 1 ether - 1)
        );
        vm.prank(buyer);
        escrow.pay{value: 1 ether - 1}(intent, signature);

        vm.expectRevert(
            abi.encodeWithSelector(PMTEscrow.IncorrectPaymentValue.selector, intent.id, 1 ether, 1 ether + 1)
        );
        vm.prank(buyer);
        escrow.pay{value: 1 ether + 1}(intent, signature);
    }

    function test_pay_revertsOnValueSentWithTokenIntent() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(address(token), 10e6);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.IncorrectPaymentValue.selector, intent.id, 0, 1));
        vm.prank(buyer);
        escrow.pay{value: 1}(intent, signature);
    }

    function test_pay_revertsOnTokenNotAllowed() public {
        PMTTestToken other = new PMTTestToken("Other", "OTH", 18);
        PMTEscrow.PaymentIntent memory intent = newIntent(address(other), 10e18);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.TokenNotAllowed.selector, address(other)));
        vm.prank(buyer);
        escrow.pay(intent, signature);
    }

    function test_pay_revertsOnInsufficientTokenBalance() public {
        address poor = makeAddr("poor");
        vm.prank(poor);
        token.approve(address(escrow), type(uint256).max);
        PMTEscrow.PaymentIntent memory intent = newIntent(address(token), 10e6);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, poor, 0, 10e6));
        vm.prank(poor);
        escrow.pay(intent, signature);
    }

    function test_pay_revertsOnZeroAmount() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 0);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.ZeroAmount.selector, intent.id));
        vm.prank(buyer);
        escrow.pay(intent, signature);
    }

    function test_pay_revertsOnAmountAboveCap() public {
        PMTTestToken huge = new PMTTestToken("Huge", "HUGE", 18);
        listForBuyer(huge, type(uint256).max);
        uint256 maxAmount = escrow.MAX_AMOUNT();

        PMTEscrow.PaymentIntent memory intent = newIntent(address(huge), maxAmount + 1);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.AmountTooLarge.selector, intent.id, maxAmount + 1, maxAmount));
        vm.prank(buyer);
        escrow.pay(intent, signature);

        // The largest payable amount is released in a batch beside an ordinary payment.
        PMTEscrow.Payment[] memory batch = new PMTEscrow.Payment[](2);
        (batch[0], batch[1]) = (pay(newIntent(address(huge), maxAmount)), payNative(1 ether));
        vm.warp(block.timestamp + HOLD);
        assertEq(escrow.releaseBatch(batch), 2, "both released");
        assertEq(escrow.balanceOf(merchant, NATIVE), 1 ether - feeOf(1 ether), "the ordinary payment");
        assertEq(escrow.balanceOf(merchant, address(huge)), maxAmount - feeOf(maxAmount), "the largest one");
    }

    function test_pay_refusesFeeOnTransferToken() public {
        FeeOnTransferToken taxed = new FeeOnTransferToken();
        listForBuyer(taxed, 100e6);

        PMTEscrow.PaymentIntent memory intent = newIntent(address(taxed), 100e6);
        bytes memory signature = sign(intent);
        vm.expectRevert(
            abi.encodeWithSelector(PMTEscrow.UnexpectedAmountReceived.selector, intent.id, address(taxed), 100e6, 99e6)
        );
        vm.prank(buyer);
        escrow.pay(intent, signature);
        assertEq(escrow.paymentCommitment(intent.id), bytes32(0), "nothing escrowed");
        assertEq(taxed.balanceOf(buyer), 100e6, "buyer keeps its tokens");
    }

    function test_pay_revertsOnZeroMerchant() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1);
        intent.merchant = address(0);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidMerchant.selector, address(0)));
        vm.prank(buyer);
        escrow.pay{value: 1}(intent, signature);

        intent.merchant = address(escrow);
        signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidMerchant.selector, address(escrow)));
        vm.prank(buyer);
        escrow.pay{value: 1}(intent, signature);
    }

    function test_pay_revertsWhenIdDoesNotCarryDeadline() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        intent.deadline += 1;
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.IdDeadlineMismatch.selector, intent.id, intent.deadline));
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);
    }

    function test_pay_idCannotBePaidAgainAfterSettlementPastDeadline() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        PMTEscrow.Payment memory payment = pay(intent);
        vm.warp(payment.releaseAfter);
        escrow.releaseBatch(one(payment));
        assertEq(escrow.paymentCommitment(intent.id), bytes32(0), "slot freed");

        // Every intent the operator could sign for this id carries the same, passed deadline.
        bytes memory signature = sign(intent);
        vm.expectRevert(
            abi.encodeWithSelector(PMTEscrow.IntentExpired.selector, intent.id, intent.deadline, block.timestamp)
        );
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);

        intent.deadline = uint64(block.timestamp + 1 hours); // a re-quote that reuses the id
        signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.IdDeadlineMismatch.selector, intent.id, intent.deadline));
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);
    }

    function test_pay_rejectsHighSSignature() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(OPERATOR_KEY, escrow.hashIntent(intent));
        uint256 n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
        bytes memory malleated = abi.encodePacked(r, bytes32(n - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidSignature.selector, intent.id, address(0)));
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, malleated);
    }

    function test_pay_byAnyoneHoldingTheIntentMakesThemTheBuyer() public {
        // Intents are not bound to a wallet: whoever pays first is the buyer, and the id is then used.
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        PMTEscrow.Payment memory payment = payAs(stranger, _funded(stranger, intent));
        assertTrue(escrow.isEscrowed(payment), "stranger is the buyer");
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.PaymentIdUsed.selector, intent.id));
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);
    }

    function test_payWithPermit_revertsForTokenNotAllowed() public {
        PMTTestToken other = new PMTTestToken("Other", "OTH", 18);
        PMTEscrow.PaymentIntent memory intent = newIntent(address(other), 1);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.TokenNotAllowed.selector, address(other)));
        vm.prank(buyer);
        escrow.payWithPermit(intent, signature, block.timestamp, 27, bytes32(0), bytes32(0));
    }

    function _funded(address account, PMTEscrow.PaymentIntent memory intent)
        private
        returns (PMTEscrow.PaymentIntent memory)
    {
        vm.deal(account, intent.amount);
        return intent;
    }

    function test_pay_revertsOnFeeAboveCap() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        intent.feeBps = escrow.MAX_FEE_BPS() + 1;
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.FeeTooHigh.selector, intent.feeBps, escrow.MAX_FEE_BPS()));
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);
    }

    function test_pay_revertsOnHoldPeriodAboveCap() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        intent.holdPeriod = escrow.MAX_HOLD_PERIOD() + 1;
        bytes memory signature = sign(intent);
        vm.expectRevert(
            abi.encodeWithSelector(PMTEscrow.HoldPeriodTooLong.selector, intent.holdPeriod, escrow.MAX_HOLD_PERIOD())
        );
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);
    }

    function test_pay_revertsWhilePaused() public {
        vm.prank(admin);
        escrow.pause();
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        bytes memory signature = sign(intent);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(buyer);
        escrow.pay{value: 1 ether}(intent, signature);

        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(buyer);
        escrow.payWithPermit(newIntent(address(token), 1), signature, 0, 0, 0, 0);
    }

    function test_pay_signatureIsBoundToThisEscrow() public {
        PMTEscrow other = new PMTEscrow(admin, ADMIN_DELAY, treasury);
        bytes32 operatorRole = other.OPERATOR_ROLE();
        vm.prank(admin);
        other.grantRole(operatorRole, operator);
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        bytes memory signature = sign(intent); // signed for `escrow`'s domain
        address recovered = ECDSA.recover(other.hashIntent(intent), signature);
        assertTrue(recovered != operator, "another domain recovers another signer");
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidSignature.selector, intent.id, recovered));
        vm.prank(buyer);
        other.pay{value: 1 ether}(intent, signature);
    }

    function test_hashIntent_matchesEip712() public view {
        PMTEscrow.PaymentIntent memory intent = PMTEscrow.PaymentIntent({
            id: paymentId(bytes32(uint256(1) << 64), 11),
            merchant: merchant,
            token: NATIVE,
            amount: 5,
            feeBps: 7,
            deadline: 11,
            holdPeriod: 13
        });
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("PMTEscrow"),
                keccak256("1"),
                block.chainid,
                address(escrow)
            )
        );
        bytes32 structHash =
            keccak256(abi.encode(escrow.PAYMENT_INTENT_TYPEHASH(), intent.id, merchant, NATIVE, 5, 7, 11, 13));
        assertEq(escrow.hashIntent(intent), keccak256(abi.encodePacked("\x19\x01", domain, structHash)), "digest");
    }

    function test_nativeSentDirectly_isRejected() public {
        vm.prank(buyer);
        (bool ok,) = address(escrow).call{value: 1 ether}("");
        assertTrue(!ok, "plain transfers must not strand funds in the escrow");
    }

    function _permit(uint256 key, address owner, uint256 value, uint256 deadline)
        private
        returns (uint8, bytes32, bytes32)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                address(escrow),
                value,
                token.nonces(owner),
                deadline
            )
        );
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
    }
}
