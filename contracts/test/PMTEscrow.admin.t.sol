// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {
    IAccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/IAccessControlDefaultAdminRules.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {PMTEscrow} from "../PMTEscrow.sol";
import {EscrowFixture} from "./utils/EscrowFixture.sol";

contract PMTEscrowAdminTest is EscrowFixture {
    function test_constructor_setsAdminAndTreasury() public view {
        assertEq(escrow.defaultAdmin(), admin, "admin");
        assertEq(escrow.treasury(), treasury, "treasury");
        assertEq(uint256(escrow.defaultAdminDelay()), ADMIN_DELAY, "admin delay");
    }

    function test_constructor_rejectsZeroTreasury() public {
        vm.expectRevert(PMTEscrow.ZeroAddress.selector);
        new PMTEscrow(admin, ADMIN_DELAY, address(0));
    }

    function test_adminTransfer_isTwoStepWithDelay() public {
        address multisig = makeAddr("multisig");
        vm.prank(admin);
        escrow.beginDefaultAdminTransfer(multisig);

        (, uint48 acceptableFrom) = escrow.pendingDefaultAdmin();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControlDefaultAdminRules.AccessControlEnforcedDefaultAdminDelay.selector, acceptableFrom
            )
        );
        vm.prank(multisig);
        escrow.acceptDefaultAdminTransfer();

        vm.warp(block.timestamp + ADMIN_DELAY + 1);
        vm.prank(multisig);
        escrow.acceptDefaultAdminTransfer();
        assertEq(escrow.defaultAdmin(), multisig, "multisig is admin");
        assertTrue(!escrow.hasRole(bytes32(0), admin), "old admin gone");
    }

    function test_grantRole_onlyAdmin() public {
        bytes32 role = escrow.OPERATOR_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, bytes32(0))
        );
        vm.prank(stranger);
        escrow.grantRole(role, stranger);
    }

    function test_pause_byPauserOrAdmin_unpauseOnlyByAdmin() public {
        address pauser = makeAddr("pauser");
        bytes32 pauserRole = escrow.PAUSER_ROLE();
        vm.prank(admin);
        escrow.grantRole(pauserRole, pauser);

        vm.prank(pauser);
        escrow.pause();
        assertTrue(escrow.paused(), "paused by pauser");

        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, pauser, bytes32(0))
        );
        vm.prank(pauser);
        escrow.unpause();

        vm.prank(admin);
        escrow.unpause();
        assertTrue(!escrow.paused(), "unpaused by admin");

        vm.prank(admin);
        escrow.pause();
        assertTrue(escrow.paused(), "paused by admin");
    }

    function test_pause_rejectsStrangersAndDoublePause() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, escrow.PAUSER_ROLE()
            )
        );
        vm.prank(stranger);
        escrow.pause();

        vm.prank(admin);
        escrow.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(admin);
        escrow.pause();
    }

    function test_setTokenAllowed() public {
        address other = makeAddr("other token");
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.TokenAllowanceUpdated(other, true);
        vm.prank(admin);
        escrow.setTokenAllowed(other, true);
        assertTrue(escrow.isTokenAllowed(other), "allowed");

        vm.prank(admin);
        escrow.setTokenAllowed(other, false);
        assertTrue(!escrow.isTokenAllowed(other), "removed");

        vm.expectRevert(PMTEscrow.ZeroAddress.selector);
        vm.prank(admin);
        escrow.setTokenAllowed(address(0), true);

        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, bytes32(0))
        );
        vm.prank(stranger);
        escrow.setTokenAllowed(other, true);
    }

    function test_removingATokenLeavesEscrowedPaymentsSettleable() public {
        PMTEscrow.Payment memory payment = payToken(10e6);
        vm.prank(admin);
        escrow.setTokenAllowed(address(token), false);
        vm.prank(buyer);
        escrow.release(payment);
        vm.prank(merchant);
        escrow.withdraw(address(token));
        assertEq(token.balanceOf(merchant), 10e6 - feeOf(10e6), "merchant paid");
    }

    function test_setTreasury() public {
        address next = makeAddr("next treasury");
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.TreasuryUpdated(treasury, next);
        vm.prank(admin);
        escrow.setTreasury(next);
        assertEq(escrow.treasury(), next, "treasury");

        vm.expectRevert(PMTEscrow.ZeroAddress.selector);
        vm.prank(admin);
        escrow.setTreasury(address(0));

        // Fees withdrawn to the escrow itself would be stranded there, owed to nobody.
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidTreasury.selector, address(escrow)));
        vm.prank(admin);
        escrow.setTreasury(address(escrow));
        assertEq(escrow.treasury(), next, "treasury unchanged");

        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, bytes32(0))
        );
        vm.prank(stranger);
        escrow.setTreasury(next);
    }
}
